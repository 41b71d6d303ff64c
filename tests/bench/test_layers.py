"""Folding py-spy's raw samples into layers (bench/layers.py)."""

from __future__ import annotations

from bench import layers

SITE = "/v/lib/python3.11/site-packages"
RAW = [
    # a Python leaf in the ORM, 6 samples
    f'process 1:"python";thread (0x1);run (/usr/lib/python3.11/asyncio/runners.py:118);'
    f"Session.execute ({SITE}/sqlalchemy/orm/session.py:2300);"
    f"instances ({SITE}/sqlalchemy/orm/loading.py:90) 6",
    # the interpreter's allocator under our items package, 3 samples
    "handler (/src/openinfinity/items/routes.py:10);present (/src/openinfinity/items/present.py:20);"
    "PyObject_Malloc (/usr/lib/libpython3.11.so.1.0) 3",
    # our middleware, 1 sample; a socket write under uvicorn, 2 samples
    "RequestIdMiddleware.__call__ (/src/openinfinity/core/requestid.py:40) 1",
    f"RequestResponseCycle.send ({SITE}/uvicorn/protocols/http/httptools_impl.py:500);"
    "write (/usr/lib/x86_64-linux-gnu/libc.so.6) 2",
]


def test_self_time_charges_the_leaf_and_charged_time_the_python_caller() -> None:
    profile = layers.fold(RAW)
    assert profile.samples == 12
    assert profile.self_time == {
        "SQLAlchemy ORM": 6,
        layers.RUNTIME: 3,
        "middleware (ours)": 1,
        layers.SYSCALLS: 2,
    }
    assert profile.charged["ours: items"] == 3
    assert profile.charged[layers.RUNTIME] == 0
    assert profile.inclusive["SQLAlchemy ORM row loading"] == 6
    assert profile.inclusive["SQLAlchemy ORM statement execution"] == 6
    text = layers.report(profile)
    assert "SQLAlchemy ORM" in text and "50.0" in text


def test_standard_library_work_is_charged_to_the_layer_that_asked_for_it() -> None:
    stack = (
        f"solve_dependencies ({SITE}/fastapi/dependencies/utils.py:570);"
        "get_origin (/usr/lib/python3.11/typing.py:2300);PyDict_GetItem (/usr/lib/libpython3.11.so.1.0) 4"
    )
    profile = layers.fold([stack])
    assert profile.self_time == {layers.RUNTIME: 4}
    assert profile.charged == {"FastAPI (routing, dependencies, parameters)": 4}
    assert profile.inclusive["FastAPI dependency solving"] == 4
