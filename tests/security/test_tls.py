"""TLS through the ``tls`` config (the official client's keys) and the TLS
name in ``hosts`` entries, against the test server's TLS mode, whose
certificates are made fresh for each run (a CA, the server's, a client's
and an unrelated CA)."""

from __future__ import annotations

import asyncio

import pytest

import aerospike_py
from aerospike_py import exception as ex

from _clients import open_client

try:
    import _server
except ImportError:  # pragma: no cover
    from tests import _server

pytestmark = pytest.mark.once

TLS_NAME = "aerospike-test"


def start(tmp_path_factory, *extra):
    if _server.is_external():
        pytest.skip("needs the test server's TLS mode (its own certificates)")
    certs = tmp_path_factory.mktemp("tls")
    srv = _server.TestServer(["--tls", str(certs), "--tls-name", TLS_NAME, "--namespace", "test", *extra])
    srv.start()
    return srv, certs


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    srv, certs = start(tmp_path_factory)
    yield srv, certs
    srv.stop()


@pytest.fixture(scope="module")
def mtls_server(tmp_path_factory):
    srv, certs = start(tmp_path_factory, "--tls-client-auth")
    yield srv, certs
    srv.stop()


def config(srv, tls, name=TLS_NAME):
    host, port = srv.address
    return {"hosts": [(host, port, name)], "tls": tls, "timeout": 2000}


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_verified_connection_reads_and_writes(tls_server, kind):
    srv, certs = tls_server
    loop = asyncio.new_event_loop() if kind == "async" else None
    c = open_client(kind, config(srv, {"enable": True, "cafile": str(certs / "ca.pem")}), loop)
    try:
        key = ("test", "tls", kind)
        c.put(key, {"v": 1})
        assert c.get(key).bins == {"v": 1}
        c.remove(key)
    finally:
        c.close()
        if loop:
            loop.close()


def test_capath_and_protocols_and_cipher_suite(tls_server):
    srv, certs = tls_server
    tls = {
        "enable": True,
        "capath": str(certs),
        "protocols": "-all +TLSv1.3",
        "cipher_suite": "TLS_AES_128_GCM_SHA256",
    }
    c = aerospike_py.client(config(srv, tls)).connect()
    assert c.is_connected()
    c.close()


def test_a_server_signed_by_another_ca_is_refused(tls_server):
    srv, certs = tls_server
    with pytest.raises(ex.AerospikeError, match="UnknownIssuer"):
        aerospike_py.client(config(srv, {"enable": True, "cafile": str(certs / "other-ca.pem")})).connect()


def test_a_wrong_tls_name_is_refused(tls_server):
    srv, certs = tls_server
    with pytest.raises(ex.AerospikeError, match='not valid for name "wrong-name"'):
        aerospike_py.client(config(srv, {"enable": True, "cafile": str(certs / "ca.pem")}, "wrong-name")).connect()


def test_a_plain_client_cannot_talk_to_a_tls_server(tls_server):
    srv, _ = tls_server
    with pytest.raises(ex.AerospikeError):
        aerospike_py.client({"hosts": [srv.address], "timeout": 1000}).connect()


def test_mutual_tls_needs_the_client_certificate(mtls_server):
    srv, certs = mtls_server
    tls = {"enable": True, "cafile": str(certs / "ca.pem")}
    with pytest.raises(ex.AerospikeError):
        aerospike_py.client(config(srv, tls)).connect()
    tls.update(certfile=str(certs / "client.pem"), keyfile=str(certs / "client.key"))
    c = aerospike_py.client(config(srv, tls)).connect()
    c.put(("test", "tls", "mtls"), {"v": 2})
    assert c.get(("test", "tls", "mtls")).bins == {"v": 2}
    c.close()


@pytest.mark.parametrize(
    "tls, why",
    [
        ({"enable": True}, "needs 'cafile' or 'capath'"),
        (
            {"enable": True, "cafile": "/nonexistent/ca.pem"},
            "'cafile' /nonexistent/ca.pem: no such file",
        ),
        (
            {"enable": True, "cafile": "CA", "keyfile_pw": "x"},
            "'keyfile_pw' is not supported",
        ),
        (
            {"enable": True, "cafile": "CA", "protocols": "+TLSv1.1"},
            "cannot enable TLSv1.1",
        ),
        (
            {"enable": True, "cafile": "CA", "cipher_suite": "RC4-MD5"},
            'has no suite "RC4-MD5"',
        ),
        (
            {"enable": True, "cafile": "CA", "certfile": "CA"},
            "'certfile' and 'keyfile' go together",
        ),
        (
            {"enable": True, "cafile": "CA", "crl_check": True},
            "'crl_check' needs a CRL",
        ),
        (
            {"enable": True, "cafile": "CA", "bogus": 1},
            "unknown config 'tls' key 'bogus'",
        ),
    ],
)
def test_bad_tls_settings_are_param_errors(tls_server, tls, why):
    srv, certs = tls_server
    tls = {k: (str(certs / "ca.pem") if v == "CA" else v) for k, v in tls.items()}
    with pytest.raises(ex.ParamError) as e:
        aerospike_py.client(config(srv, tls))
    assert why in str(e.value)


def test_tls_disabled_is_a_plain_connection(config):
    """``enable`` False (the default) leaves TLS off, as the official client does."""
    c = aerospike_py.client({**config, "tls": {"enable": False, "cafile": "/unused"}}).connect()
    assert c.is_connected()
    c.close()


@pytest.fixture(scope="module")
def pki_server(tmp_path_factory):
    srv, certs = start(tmp_path_factory, "--tls-client-auth", "--security")
    yield srv, certs
    srv.stop()


def test_pki_login_authenticates_as_the_certificate_subject(pki_server):
    srv, certs = pki_server
    tls = {
        "enable": True,
        "cafile": str(certs / "ca.pem"),
        "certfile": str(certs / "client.pem"),
        "keyfile": str(certs / "client.key"),
    }
    pki = {**config(srv, tls), "auth_mode": aerospike_py.AUTH_PKI}
    # The certificate's subject is not a user yet: the login is refused.
    with pytest.raises(ex.AerospikeError, match="Invalid user"):
        aerospike_py.client(pki).connect()
    admin = aerospike_py.client({**config(srv, tls), "user": "admin", "password": "admin"}).connect()
    admin.admin_create_pki_user("aerospike-client", ["read-write"])
    try:
        c = aerospike_py.client(pki).connect()
        c.put(("test", "tls", "pki"), {"v": 3})
        assert c.get(("test", "tls", "pki")).bins == {"v": 3}
        assert admin.admin_query_user_info("aerospike-client")["roles"] == ["read-write"]
        c.close()
    finally:
        admin.admin_drop_user("aerospike-client")
        admin.close()
