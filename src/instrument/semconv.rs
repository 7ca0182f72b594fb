//! OpenTelemetry semantic-convention names used by spans and metrics, in one place.
#![allow(dead_code)] // The metrics-only tier uses the metric names, not the span attributes.

/// `db.system.name` value for every operation.
pub(crate) const DB_SYSTEM: &str = "aerospike";

pub(crate) const ATTR_DB_SYSTEM_NAME: &str = "db.system.name";
pub(crate) const ATTR_DB_NAMESPACE: &str = "db.namespace";
pub(crate) const ATTR_DB_COLLECTION_NAME: &str = "db.collection.name";
pub(crate) const ATTR_DB_OPERATION_NAME: &str = "db.operation.name";
pub(crate) const ATTR_DB_RESPONSE_STATUS_CODE: &str = "db.response.status_code";
pub(crate) const ATTR_SERVER_ADDRESS: &str = "server.address";
pub(crate) const ATTR_SERVER_PORT: &str = "server.port";
pub(crate) const ATTR_ERROR_TYPE: &str = "error.type";

/// `db.client.operation.duration`, in Prometheus naming (unit suffix `_seconds`).
pub(crate) const METRIC_OPERATION_DURATION: &str = "db_client_operation_duration_seconds";
pub(crate) const METRIC_OPERATION_DURATION_HELP: &str = "Duration of database client operations.";
/// Prometheus label names: the attribute names with `.` → `_`.
pub(crate) const METRIC_LABELS: [&str; 5] =
    ["db_system_name", "db_namespace", "db_collection_name", "db_operation_name", "error_type"];
