//! `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, as the OpenTelemetry SDK
//! configuration spec defines them: `always_on`, `always_off`, `traceidratio`,
//! `parentbased_always_on` (the default), `parentbased_always_off`,
//! `parentbased_traceidratio`. An unknown name falls back to the default, with a warning.

use super::context::Parent;
use super::span::SAMPLED;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Sampler {
    AlwaysOn,
    AlwaysOff,
    /// Sampled when the trace id's low 63 bits fall under `ratio × 2^63`.
    Ratio(u64),
    /// The parent's `sampled` flag decides; a root span asks the inner sampler.
    ParentBased(Root),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Root {
    On,
    Off,
    Ratio(u64),
}

impl Sampler {
    pub(super) fn from_env() -> Self {
        let name = std::env::var("OTEL_TRACES_SAMPLER").unwrap_or_default();
        let arg = std::env::var("OTEL_TRACES_SAMPLER_ARG").ok();
        Self::parse(name.trim(), arg.as_deref())
    }

    fn parse(name: &str, arg: Option<&str>) -> Self {
        let ratio = || {
            let ratio: f64 =
                arg.and_then(|a| a.trim().parse().ok()).filter(|r: &f64| (0.0..=1.0).contains(r)).unwrap_or(1.0);
            (ratio * (1u64 << 63) as f64) as u64
        };
        match name.to_ascii_lowercase().as_str() {
            "always_on" => Sampler::AlwaysOn,
            "always_off" => Sampler::AlwaysOff,
            "traceidratio" => Sampler::Ratio(ratio()),
            "parentbased_always_off" => Sampler::ParentBased(Root::Off),
            "parentbased_traceidratio" => Sampler::ParentBased(Root::Ratio(ratio())),
            "" | "parentbased_always_on" => Sampler::ParentBased(Root::On),
            other => {
                log::warn!(target: "aerospike_py.tracing", "unknown OTEL_TRACES_SAMPLER {other:?}: using parentbased_always_on");
                Sampler::ParentBased(Root::On)
            }
        }
    }

    /// Whether the span about to start (a child of `parent`, or a root with `trace_id`) is recorded.
    pub(super) fn sample(self, parent: Option<&Parent>, trace_id: u128) -> bool {
        match self {
            Sampler::AlwaysOn => true,
            Sampler::AlwaysOff => false,
            Sampler::Ratio(bound) => under(trace_id, bound),
            Sampler::ParentBased(root) => match parent {
                Some(parent) => parent.trace_flags & SAMPLED != 0,
                None => match root {
                    Root::On => true,
                    Root::Off => false,
                    Root::Ratio(bound) => under(trace_id, bound),
                },
            },
        }
    }
}

fn under(trace_id: u128, bound: u64) -> bool {
    ((trace_id as u64) >> 1) < bound
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parent(sampled: bool) -> Parent {
        Parent { trace_id: 1, span_id: 2, trace_flags: u8::from(sampled), trace_state: None }
    }

    #[test]
    fn names_and_the_default() {
        assert_eq!(Sampler::parse("", None), Sampler::ParentBased(Root::On));
        assert_eq!(Sampler::parse("always_off", None), Sampler::AlwaysOff);
        assert_eq!(Sampler::parse("traceidratio", Some("0")), Sampler::Ratio(0));
        assert_eq!(Sampler::parse("traceidratio", Some("bogus")), Sampler::Ratio(1 << 63));
        assert_eq!(Sampler::parse("nonsense", None), Sampler::ParentBased(Root::On));
    }

    #[test]
    fn parent_based_follows_the_parent() {
        let sampler = Sampler::ParentBased(Root::Off);
        assert!(sampler.sample(Some(&parent(true)), 0));
        assert!(!sampler.sample(Some(&parent(false)), 0));
        assert!(!sampler.sample(None, 0));
        assert!(Sampler::ParentBased(Root::On).sample(None, 0));
    }

    #[test]
    fn ratio_samples_about_that_share() {
        let sampler = Sampler::parse("traceidratio", Some("0.25"));
        let hits = (0..10_000u128).filter(|i| sampler.sample(None, i.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c))).count();
        assert!((2_000..3_000).contains(&hits), "{hits}");
    }
}
