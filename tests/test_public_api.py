"""The public surface is complete, documented, and described by the stubs."""

from __future__ import annotations

import ast
import inspect
import types
from pathlib import Path

import pytest

import aerospike_py
from aerospike_py import exception as ex

PKG_DIR = Path(aerospike_py.__file__).resolve().parent

CLIENT_METHODS = [
    "connect",
    "is_connected",
    "close",
    "put",
    "get",
    "select",
    "exists",
    "remove",
    "touch",
    "append",
    "prepend",
    "increment",
    "remove_bin",
]

CONSTANTS = {
    "POLICY_KEY_DIGEST": 0,
    "POLICY_KEY_SEND": 1,
    "POLICY_EXISTS_IGNORE": 0,
    "POLICY_EXISTS_CREATE": 1,
    "POLICY_EXISTS_UPDATE": 2,
    "POLICY_EXISTS_REPLACE": 3,
    "POLICY_EXISTS_CREATE_OR_REPLACE": 4,
    "POLICY_GEN_IGNORE": 0,
    "POLICY_GEN_EQ": 1,
    "POLICY_GEN_GT": 2,
    "TTL_NAMESPACE_DEFAULT": 0,
    "TTL_NEVER_EXPIRE": 4294967295,
    "TTL_DONT_UPDATE": 4294967294,
}


# --------------------------------------------------------------------------
# stub parsing
# --------------------------------------------------------------------------


def stub_files(pkg_dir: Path = PKG_DIR):
    return sorted(pkg_dir.glob("*.pyi"))


def _defined_names(tree: ast.Module):
    """Top-level names a stub module defines: {name: node}."""
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    names[t.id] = node
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    names[alias.asname or alias.name] = node
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[(alias.asname or alias.name).split(".")[0]] = node
    return names


def typed_surface_files(pkg_dir: Path = PKG_DIR):
    """Files a type checker reads for the package: every ``.pyi`` stub, plus
    each ``.py`` module that has no stub of its own (a py.typed package's
    Python source is its own type information)."""
    files = stub_files(pkg_dir)
    for py in sorted(pkg_dir.glob("*.py")):
        if not py.with_suffix(".pyi").exists():
            files.append(py)
    return files


def stub_names(files):
    names = {}
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"), filename=str(f))
        for n, node in _defined_names(tree).items():
            names.setdefault(n, (f, node))
    return names


def stub_class_methods(files, class_name):
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"), filename=str(f))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name == class_name:
                return {
                    n.name
                    for n in node.body
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                }
    return None


def own_doc(obj):
    """The object's own docstring (not one inherited from a base class)."""
    if isinstance(obj, type):
        doc = obj.__dict__.get("__doc__")
    else:
        doc = getattr(obj, "__doc__", None)
        # builtin instances (ints, ...) carry their type's doc: not theirs
        if doc is not None and doc == getattr(type(obj), "__doc__", None):
            doc = None
    return doc.strip() if isinstance(doc, str) else None


def undocumented_or_unstubbed(module, public, stubs):
    """Problems with ``public`` names of ``module``: missing, undocumented, unstubbed."""
    problems = []
    for name in public:
        if not hasattr(module, name):
            problems.append(f"{name}: listed in __all__ but missing")
            continue
        obj = getattr(module, name)
        is_constant = isinstance(obj, (int, float, str, bytes))
        if not is_constant and not own_doc(obj):
            problems.append(f"{name}: no docstring")
        if name not in stubs:
            problems.append(f"{name}: not in the stubs")
    return problems


# --------------------------------------------------------------------------
# the checks
# --------------------------------------------------------------------------


def test_all_is_declared():
    assert isinstance(aerospike_py.__all__, (list, tuple))
    assert len(aerospike_py.__all__) == len(set(aerospike_py.__all__)), "duplicates in __all__"
    for required in ["client", "Client", "AsyncClient", "exception", *CONSTANTS]:
        assert required in aerospike_py.__all__, f"{required} not exported in __all__"


def test_stub_files_exist():
    files = stub_files()
    assert files, f"no .pyi stubs in {PKG_DIR}"
    assert (PKG_DIR / "py.typed").exists(), "py.typed marker missing"
    for f in files:
        ast.parse(f.read_text(encoding="utf-8"), filename=str(f))


def test_every_public_name_exists_is_documented_and_stubbed():
    stubs = stub_names(typed_surface_files())
    assert undocumented_or_unstubbed(aerospike_py, aerospike_py.__all__, stubs) == []


def test_checker_catches_missing_undocumented_and_unstubbed():
    """Guard against the check above being a tautology."""
    fake = types.ModuleType("fake")

    def documented():
        """Has a doc."""

    def undocumented():
        pass

    fake.documented = documented
    fake.undocumented = undocumented
    fake.CONST = 3
    stubs = {"documented": None, "undocumented": None}
    problems = undocumented_or_unstubbed(fake, ["documented", "undocumented", "CONST", "ghost"], stubs)
    assert problems == [
        "undocumented: no docstring",
        "CONST: not in the stubs",
        "ghost: listed in __all__ but missing",
    ]
    assert own_doc(5) is None
    assert own_doc(type("NoDoc", (ValueError,), {})) is None


@pytest.mark.parametrize("name,value", sorted(CONSTANTS.items()))
def test_constants(name, value):
    assert getattr(aerospike_py, name) == value
    assert type(getattr(aerospike_py, name)) is int


@pytest.mark.interop
def test_constants_match_official(official_aerospike):
    for name, value in CONSTANTS.items():
        if hasattr(official_aerospike, name):
            assert getattr(official_aerospike, name) == value, name


@pytest.mark.parametrize("cls_name", ["Client", "AsyncClient"])
def test_client_methods_documented_and_stubbed(cls_name):
    cls = getattr(aerospike_py, cls_name)
    assert own_doc(cls), f"{cls_name} has no docstring"
    stubbed = stub_class_methods(stub_files(), cls_name)
    assert stubbed is not None, f"class {cls_name} not in the stubs"
    problems = []
    for m in CLIENT_METHODS:
        meth = getattr(cls, m, None)
        if meth is None:
            problems.append(f"{cls_name}.{m}: missing")
            continue
        if not (inspect.getdoc(meth) or "").strip():
            problems.append(f"{cls_name}.{m}: no docstring")
        if m not in stubbed:
            problems.append(f"{cls_name}.{m}: not in the stub")
    expected_dunders = ["__enter__", "__exit__"] if cls_name == "Client" else ["__aenter__", "__aexit__"]
    for m in expected_dunders:
        if not hasattr(cls, m):
            problems.append(f"{cls_name}.{m}: missing")
        elif m not in stubbed:
            problems.append(f"{cls_name}.{m}: not in the stub")
    assert problems == []


def test_async_methods_are_stubbed_async():
    """The AsyncClient stub marks I/O methods as coroutines (``async def``)."""
    for f in stub_files():
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name == "AsyncClient":
                kinds = {
                    n.name: isinstance(n, ast.AsyncFunctionDef)
                    for n in node.body
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                }
                io = [m for m in CLIENT_METHODS if m != "is_connected"]
                not_async = [m for m in io if m in kinds and not kinds[m]]
                # a plain def returning an Awaitable/Coroutine is acceptable too
                really_not_async = []
                for m in not_async:
                    fn = next(n for n in node.body if getattr(n, "name", None) == m)
                    ret = ast.unparse(fn.returns) if fn.returns is not None else ""
                    if not any(w in ret for w in ("Awaitable", "Coroutine")):
                        really_not_async.append(m)
                assert really_not_async == []
                assert kinds.get("is_connected") is False
                return
    pytest.fail("AsyncClient not found in the stubs")


def test_exception_classes_documented():
    classes = {
        n: c
        for n, c in vars(ex).items()
        if isinstance(c, type) and issubclass(c, BaseException) and c.__module__ != "builtins"
    }
    assert "AerospikeError" in classes
    assert len(classes) >= 15
    undocumented = sorted(n for n, c in classes.items() if not own_doc(c))
    assert undocumented == []


def test_exception_classes_in_stubs_or_python_source():
    """Type checkers must see the exception classes: either the module is
    Python source, or a stub declares them."""
    if (PKG_DIR / "exception.py").exists() or (PKG_DIR / "exception" / "__init__.py").exists():
        return
    stub = PKG_DIR / "exception.pyi"
    assert stub.exists(), "aerospike_py.exception is native but has no exception.pyi"
    names = stub_names([stub])
    classes = [
        n for n, c in vars(ex).items() if isinstance(c, type) and issubclass(c, ex.AerospikeError)
    ]
    missing = sorted(n for n in classes if n not in names)
    assert missing == []


@pytest.mark.interop
def test_query_has_every_method_of_the_official_query(official_aerospike):
    """Code written for the official client's ``Query`` finds each of its names here."""
    official = {n for n in dir(official_aerospike.Query) if not n.startswith("_")}
    ours = {n for n in dir(aerospike_py.Query) if not n.startswith("_")}
    assert sorted(official - ours) == []
