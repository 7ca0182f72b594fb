//! Points on the unit sphere and the two measures queries need.

/// The Earth's mean radius, in meters.
pub const EARTH_RADIUS_M: f64 = 6_371_000.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vec3(f64, f64, f64);

impl Vec3 {
    pub fn from_lng_lat(lng: f64, lat: f64) -> Vec3 {
        let (lng, lat) = (lng.to_radians(), lat.to_radians());
        Vec3(lat.cos() * lng.cos(), lat.cos() * lng.sin(), lat.sin())
    }
    fn dot(self, o: Vec3) -> f64 {
        self.0 * o.0 + self.1 * o.1 + self.2 * o.2
    }
    fn cross(self, o: Vec3) -> Vec3 {
        Vec3(self.1 * o.2 - self.2 * o.1, self.2 * o.0 - self.0 * o.2, self.0 * o.1 - self.1 * o.0)
    }
    fn norm(self) -> f64 {
        self.dot(self).sqrt()
    }
}

/// Great-circle distance.
pub fn distance_m(a: Vec3, b: Vec3) -> f64 {
    a.cross(b).norm().atan2(a.dot(b)) * EARTH_RADIUS_M
}

/// Whether `p` is inside the ring (edges are great-circle arcs): the angles the
/// edges subtend at `p` add up to a full turn inside and to nothing outside.
pub fn inside_ring(ring: &[Vec3], p: Vec3) -> bool {
    let mut total = 0.0;
    for (i, a) in ring.iter().enumerate() {
        let b = ring[(i + 1) % ring.len()];
        // The signed angle at p between the great circles p-a and p-b.
        let y = p.dot(a.cross(b));
        let x = a.dot(b) - p.dot(*a) * p.dot(b);
        total += y.atan2(x);
    }
    total.abs() > std::f64::consts::PI
}
