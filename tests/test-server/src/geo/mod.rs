//! GeoJSON values and geo2dsphere queries, with exact geometry on the sphere.
//!
//! Contract: a geojson particle is `flags(1) ncells(2) cells(8 each)` then the
//! GeoJSON text; inside lists and maps the text follows the particle-type byte.
//! Shapes are `Point`, `Polygon` (an outer ring and holes), `MultiPolygon` and
//! Aerospike's `AeroCircle` (`[[lng, lat], radius_meters]`). A query region that
//! is a Point asks for stored regions containing it; any other region asks for
//! stored points inside it — as the server decides by the query's shape.
//! Polygon edges are great-circle arcs; distances are on a sphere of the
//! Earth's mean radius.

pub mod json;
pub mod sphere;

use json::Json;
use sphere::Vec3;

#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Point(Vec3),
    /// Polygons, each an outer ring followed by its holes.
    Polygons(Vec<Vec<Vec<Vec3>>>),
    Circle(Vec3, f64),
}

/// The GeoJSON text of a bin's geojson particle.
pub fn particle_text(data: &[u8]) -> Option<&str> {
    let ncells = u16::from_be_bytes([*data.get(1)?, *data.get(2)?]) as usize;
    std::str::from_utf8(data.get(3 + ncells * 8..)?).ok()
}

pub fn parse(text: &str) -> Option<Shape> {
    let v = json::parse(text)?;
    let coords = v.get("coordinates")?;
    match v.get("type")?.str()? {
        "Point" => point(coords).map(Shape::Point),
        "Polygon" => polygon(coords).map(|p| Shape::Polygons(vec![p])),
        "MultiPolygon" => coords.arr()?.iter().map(polygon).collect::<Option<_>>().map(Shape::Polygons),
        "AeroCircle" => {
            let [center, radius] = coords.arr()? else { return None };
            let radius = radius.num().filter(|r| *r >= 0.0)?;
            Some(Shape::Circle(point(center)?, radius))
        }
        _ => None,
    }
}

fn point(v: &Json) -> Option<Vec3> {
    let [lng, lat] = v.arr()? else { return None };
    let (lng, lat) = (lng.num()?, lat.num()?);
    ((-180.0..=180.0).contains(&lng) && (-90.0..=90.0).contains(&lat)).then(|| Vec3::from_lng_lat(lng, lat))
}

/// An outer ring and any holes: rings of at least 4 positions, the last repeating
/// the first (dropped here).
fn polygon(v: &Json) -> Option<Vec<Vec<Vec3>>> {
    let rings = v.arr().filter(|r| !r.is_empty())?;
    rings
        .iter()
        .map(|ring| {
            let mut pts = ring.arr()?.iter().map(point).collect::<Option<Vec<_>>>()?;
            if pts.len() < 4 || pts.first() != pts.last() {
                return None;
            }
            pts.pop();
            Some(pts)
        })
        .collect()
}

/// Whether a stored value `stored` answers a query for the region `query`.
pub fn matches(query: &Shape, stored: &Shape) -> bool {
    match (query, stored) {
        (Shape::Point(p), region) => contains(region, *p),
        (region, Shape::Point(p)) => contains(region, *p),
        _ => false,
    }
}

fn contains(region: &Shape, p: Vec3) -> bool {
    match region {
        Shape::Point(_) => false,
        Shape::Circle(center, radius) => sphere::distance_m(*center, p) <= *radius,
        Shape::Polygons(polys) => polys.iter().any(|rings| {
            let Some((outer, holes)) = rings.split_first() else { return false };
            sphere::inside_ring(outer, p) && !holes.iter().any(|h| sphere::inside_ring(h, p))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(lng: f64, lat: f64) -> Shape {
        Shape::Point(Vec3::from_lng_lat(lng, lat))
    }

    #[test]
    fn points_within_a_circle_as_a_real_server_finds_them() {
        let circle = parse(r#"{"type": "AeroCircle", "coordinates": [[-122.0, 37.0], 2000]}"#).unwrap();
        let found: Vec<_> = (0..10).filter(|i| matches(&circle, &pt(-122.0 + 0.01 * *i as f64, 37.0))).collect();
        assert_eq!(found, vec![0, 1, 2]);
    }

    #[test]
    fn polygons_with_holes_and_containing_regions() {
        let square = r#"{"type": "Polygon", "coordinates": [[[0,0],[10,0],[10,10],[0,10],[0,0]],
            [[4,4],[6,4],[6,6],[4,6],[4,4]]]}"#;
        let square = parse(square).unwrap();
        assert!(matches(&square, &pt(1.0, 1.0)));
        assert!(!matches(&square, &pt(5.0, 5.0)));
        assert!(!matches(&square, &pt(11.0, 1.0)));
        assert!(matches(&pt(2.0, 8.0), &square));
        assert!(parse(r#"{"type": "Polygon", "coordinates": [[[0,0],[1,0],[0,0]]]}"#).is_none());
        assert!(parse(r#"{"type": "Point", "coordinates": [200, 0]}"#).is_none());
        assert!(parse(r#"{"type": "Polygon", "coordinates": []}"#).is_none());
        assert!(parse(r#"{"type": "AeroCircle", "coordinates": [[0, 0], -1]}"#).is_none());
    }
}
