//! A lock-free latency histogram and the Prometheus collector that exposes all of them.
//!
//! Recording adds to a bucket and to the sum (integer nanoseconds; the count is the
//! buckets' total, computed at scrape time) after a search of 17 bounds: as two
//! `Relaxed` atomic adds for a histogram several threads write, or as two plain
//! load + store pairs (no locked instruction) for a per-thread shard, which only its
//! owning thread writes. Histograms of one label set (the shards of every thread) are
//! summed at scrape time. Scraping reads the atomics; a scrape concurrent with
//! recording may see the sum lag its buckets by the operations in flight.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

use prometheus::core::{Collector, Desc};
use prometheus::proto::{Bucket, Counter, Histogram, LabelPair, Metric, MetricFamily, MetricType};

use super::super::semconv;

/// Upper bounds in nanoseconds, fine below a millisecond where a healthy Aerospike read lives.
const BOUNDS_NS: [u64; 17] = [
    50_000,
    100_000,
    250_000,
    500_000,
    750_000,
    1_000_000,
    2_500_000,
    5_000_000,
    10_000_000,
    25_000_000,
    50_000_000,
    100_000_000,
    250_000_000,
    500_000_000,
    1_000_000_000,
    2_500_000_000,
    5_000_000_000,
];

/// The bucket of a duration: a scan from the smallest bound, since healthy operations
/// land in the first few (one or two compares, where a binary search takes five).
#[inline(always)]
fn bucket(nanos: u64) -> usize {
    BOUNDS_NS.iter().position(|&bound| nanos <= bound).unwrap_or(BOUNDS_NS.len())
}

/// One label set's histogram.
pub(crate) struct LatencyHistogram {
    /// Non-cumulative counts; the last slot is `+Inf`.
    buckets: [AtomicU64; BOUNDS_NS.len() + 1],
    sum_ns: AtomicU64,
}

impl LatencyHistogram {
    const fn new() -> Self {
        Self { buckets: [const { AtomicU64::new(0) }; BOUNDS_NS.len() + 1], sum_ns: AtomicU64::new(0) }
    }

    #[inline(always)]
    pub(crate) fn observe_ns(&self, nanos: u64) {
        let index = bucket(nanos);
        self.buckets[index].fetch_add(1, Ordering::Relaxed);
        self.sum_ns.fetch_add(nanos, Ordering::Relaxed);
    }

    /// Records from the one thread that writes this histogram: no locked instruction.
    /// Only for a shard that a single thread owns at a time (`metrics::Shard`); a
    /// concurrent writer would lose counts (never corrupt them: each store is whole).
    #[inline(always)]
    pub(crate) fn observe_ns_single_writer(&self, nanos: u64) {
        let index = bucket(nanos);
        let bucket = &self.buckets[index];
        bucket.store(bucket.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
        self.sum_ns.store(self.sum_ns.load(Ordering::Relaxed).wrapping_add(nanos), Ordering::Relaxed);
    }

    /// Adds this histogram's counts into `counts` (non-cumulative buckets, then the sum).
    fn add_to(&self, counts: &mut Counts) {
        for (total, bucket) in counts.buckets.iter_mut().zip(&self.buckets) {
            *total += bucket.load(Ordering::Relaxed);
        }
        counts.sum_ns = counts.sum_ns.wrapping_add(self.sum_ns.load(Ordering::Relaxed));
    }
}

/// One label set's counts, summed over its histograms.
#[derive(Default)]
struct Counts {
    buckets: [u64; BOUNDS_NS.len() + 1],
    sum_ns: u64,
}

impl Counts {
    fn histogram(&self) -> Histogram {
        let mut cumulative = 0;
        let buckets = BOUNDS_NS
            .iter()
            .zip(&self.buckets)
            .map(|(&bound, count)| {
                cumulative += count;
                let mut bucket = Bucket::default();
                bucket.set_upper_bound(bound as f64 / 1e9);
                bucket.set_cumulative_count(cumulative);
                bucket
            })
            .collect();
        cumulative += self.buckets[BOUNDS_NS.len()];
        let mut histogram = Histogram::default();
        histogram.set_bucket(buckets);
        histogram.set_sample_count(cumulative);
        histogram.set_sample_sum(self.sum_ns as f64 / 1e9);
        histogram
    }
}

/// The label values of one series, in `semconv::METRIC_LABELS` order.
pub(crate) type Labels = [&'static str; 5];

/// Every histogram ever created, and counters other tiers add (e.g. dropped spans).
struct Series {
    histograms: Vec<(Labels, &'static LatencyHistogram)>,
    counters: Vec<(&'static str, &'static str, &'static AtomicU64)>,
}

static SERIES: Mutex<Series> = Mutex::new(Series { histograms: Vec::new(), counters: Vec::new() });

fn series() -> std::sync::MutexGuard<'static, Series> {
    SERIES.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Creates (cold path) the histogram for one label set. Leaked: label sets are bounded
/// by namespaces × sets × operations × error kinds.
pub(crate) fn new_histogram(labels: Labels) -> &'static LatencyHistogram {
    let histogram: &'static LatencyHistogram = Box::leak(Box::new(LatencyHistogram::new()));
    series().histograms.push((labels, histogram));
    histogram
}

/// Exposes `value` as a Prometheus counter named `name`.
#[allow(dead_code)] // only the otel tier has counters of its own
pub(crate) fn register_counter(name: &'static str, help: &'static str, value: &'static AtomicU64) {
    let mut series = series();
    if !series.counters.iter().any(|(existing, _, _)| *existing == name) {
        series.counters.push((name, help, value));
    }
}

/// The collector registered with this library's registry.
pub(crate) struct LatencyCollector {
    desc: Desc,
}

pub(crate) static COLLECTOR: LazyLock<LatencyCollector> = LazyLock::new(|| LatencyCollector {
    desc: Desc::new(
        semconv::METRIC_OPERATION_DURATION.to_owned(),
        semconv::METRIC_OPERATION_DURATION_HELP.to_owned(),
        semconv::METRIC_LABELS.iter().map(|l| (*l).to_owned()).collect(),
        Default::default(),
    )
    .expect("valid metric description"),
});

impl Collector for &'static LatencyCollector {
    fn desc(&self) -> Vec<&Desc> {
        vec![&self.desc]
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let series = series();
        let mut families = Vec::with_capacity(1 + series.counters.len());
        if !series.histograms.is_empty() {
            let mut family = MetricFamily::default();
            family.set_name(semconv::METRIC_OPERATION_DURATION.to_owned());
            family.set_help(semconv::METRIC_OPERATION_DURATION_HELP.to_owned());
            family.set_field_type(MetricType::HISTOGRAM);
            // Shards of one label set are summed, in first-created order.
            let mut merged: Vec<(Labels, Counts)> = Vec::new();
            for (labels, histogram) in &series.histograms {
                let index = match merged.iter().position(|(seen, _)| seen == labels) {
                    Some(index) => index,
                    None => {
                        merged.push((*labels, Counts::default()));
                        merged.len() - 1
                    }
                };
                histogram.add_to(&mut merged[index].1);
            }
            family.set_metric(
                merged
                    .iter()
                    .map(|(labels, counts)| {
                        let mut metric = Metric::default();
                        metric.set_label(label_pairs(labels));
                        metric.set_histogram(counts.histogram());
                        metric
                    })
                    .collect(),
            );
            families.push(family);
        }
        for (name, help, value) in &series.counters {
            let mut counter = Counter::default();
            counter.set_value(value.load(Ordering::Relaxed) as f64);
            let mut metric = Metric::default();
            metric.set_counter(counter);
            let mut family = MetricFamily::default();
            family.set_name((*name).to_owned());
            family.set_help((*help).to_owned());
            family.set_field_type(MetricType::COUNTER);
            family.set_metric(vec![metric]);
            families.push(family);
        }
        families
    }
}

fn label_pairs(values: &Labels) -> Vec<LabelPair> {
    semconv::METRIC_LABELS
        .iter()
        .zip(values)
        .map(|(name, value)| {
            let mut pair = LabelPair::default();
            pair.set_name((*name).to_owned());
            pair.set_value((*value).to_owned());
            pair
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observations_land_in_the_first_bucket_whose_bound_covers_them() {
        let histogram = LatencyHistogram::new();
        histogram.observe_ns(50_000); // on a bound: that bucket (le is inclusive)
        histogram.observe_ns(50_001);
        histogram.observe_ns(u64::MAX / 4); // beyond every bound: +Inf
        let mut counts = Counts::default();
        histogram.add_to(&mut counts);
        let snapshot = counts.histogram();
        let counts: Vec<u64> = snapshot.get_bucket().iter().map(|b| b.cumulative_count()).collect();
        assert_eq!(counts[0], 1);
        assert_eq!(counts[1], 2);
        assert_eq!(*counts.last().unwrap(), 2);
        assert_eq!(snapshot.get_sample_count(), 3);
    }

    #[test]
    fn single_writer_recording_counts_like_the_shared_one() {
        let (shared, shard) = (LatencyHistogram::new(), LatencyHistogram::new());
        for nanos in [1, 50_000, 50_001, 3_000_000, u64::MAX / 4] {
            shared.observe_ns(nanos);
            shard.observe_ns_single_writer(nanos);
        }
        let (mut a, mut b) = (Counts::default(), Counts::default());
        shared.add_to(&mut a);
        shard.add_to(&mut b);
        assert_eq!((a.buckets, a.sum_ns), (b.buckets, b.sum_ns));
        shard.add_to(&mut a); // merging two histograms of one label set adds them
        assert_eq!(a.histogram().get_sample_count(), 10);
    }
}
