"""The result types under the module name aerospike-py 0.14.4 gave them
(``from aerospike_py.types import Record``); the same classes as ``aerospike_py.Record``
and friends, which the native core builds."""

from aerospike_py._native import AerospikeKey, BatchRecord, BatchRecords, ExistsResult, Record, RecordMetadata

__all__ = ["AerospikeKey", "BatchRecord", "BatchRecords", "ExistsResult", "Record", "RecordMetadata"]
