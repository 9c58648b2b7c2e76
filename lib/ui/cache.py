"""The app's shared caches: a byte-bounded store of what pages build (MEMO), one of loaded plans (LOADS), and
`cached`, which keys a call by the plan's load token, the filters and plain options."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import sys
import threading
import types
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd
import streamlit as st

from lib.data import Dataset
from lib.transforms import Filters, View

CACHE_ENTRIES = 8
CACHE_MB_DEFAULT = 256  # what `cached` keeps across sessions, at most (FENGONG_CACHE_MB); a 100× page: a few MB
T = TypeVar("T")


def cache_limit_bytes(environ=os.environ) -> int:
    """The shared cache's size limit: FENGONG_CACHE_MB megabytes (a positive number), else CACHE_MB_DEFAULT."""
    raw = environ.get("FENGONG_CACHE_MB", "").strip()
    try:
        mb = float(raw) if raw else CACHE_MB_DEFAULT
    except ValueError:
        mb = CACHE_MB_DEFAULT
    if not mb > 0 or mb == float("inf"):
        mb = CACHE_MB_DEFAULT
    return int(mb * 1024 * 1024)


_SCALARS = frozenset((str, bytes, bytearray, int, float, complex, bool, type(None), dt.date, dt.datetime))
_SIZED: tuple = ()  # (arrow types, figure type, ndarray), imported on first use


def _sized_types() -> tuple:
    global _SIZED
    if not _SIZED:
        import numpy as np
        import plotly.graph_objects as go
        import pyarrow as pa

        _SIZED = ((pa.Table, pa.RecordBatch, pa.Array, pa.ChunkedArray), go.Figure, np.ndarray)
    return _SIZED


def _items_bytes(items, seen: set) -> int:
    # scalars inline: a graph's attribute dicts hold hundreds of thousands of them (shared ones count each time)
    getsize = sys.getsizeof
    return sum(getsize(v) if type(v) in _SCALARS else estimate_bytes(v, seen) for v in items)


def estimate_bytes(value, _seen: set | None = None) -> int:
    """About how many bytes a cached result holds, estimated once when it is stored.

    Arrow tables by their buffers (nbytes), figures by their JSON, frames by pandas' deep memory usage, containers,
    dataclasses and graphs by walking what they hold; a plan (Dataset) counts nothing: LOADS holds it, not MEMO.
    """
    if type(value) in _SCALARS:
        return sys.getsizeof(value)
    seen = set() if _seen is None else _seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    arrow_types, figure_type, ndarray = _sized_types()
    if isinstance(value, Dataset):
        return 0
    if isinstance(value, arrow_types):
        return int(value.nbytes)
    if isinstance(value, figure_type):
        import plotly.io as pio

        return len(pio.to_json(value, validate=False))
    if isinstance(value, (pd.DataFrame, pd.Series)):
        used = value.memory_usage(deep=True, index=True)
        return int(used.sum() if isinstance(used, pd.Series) else used)
    if isinstance(value, pd.Index):
        return int(value.memory_usage(deep=True))
    if isinstance(value, ndarray):
        return int(value.nbytes)
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        return size + _items_bytes(value.keys(), seen) + _items_bytes(value.values(), seen)
    if isinstance(value, (list, tuple, set, frozenset)):
        return size + _items_bytes(value, seen)
    fields = getattr(value, "__dict__", None)
    if fields is not None:  # dataclasses, networkx graphs, other objects
        return size + estimate_bytes(fields, seen)
    slots = getattr(type(value), "__slots__", ())
    if slots:
        return size + sum(estimate_bytes(getattr(value, s, None), seen) for s in slots)
    try:
        return max(size, len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
    except Exception:  # not picklable: what the object itself takes
        return size


class Memo:
    """A bounded store of results shared by every session, least recently used dropped first.

    Like st.cache_resource, without its bookkeeping, which costs about 0.1 ms a call when a page makes five to ten
    calls on every rerun: a hit here is a dict lookup under a lock. A key being computed is computed once; other
    sessions asking for it wait for that result. Bounded by a number of entries, or by bytes (each entry's size
    estimated once, when stored, by `sizer`): an entry larger than the whole limit is returned but not kept.
    """

    def __init__(self, max_entries: int | None = None, max_bytes: int | None = None,
                 sizer: Callable[[object], int] = estimate_bytes):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.nbytes = 0  # estimated size of what is kept (with max_bytes)
        self._sizer = sizer
        self._sizes: dict = {}
        self._store: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict = {}  # key → the lock its computation holds

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._store:
                self._store.move_to_end(key)
                return self._store[key]
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._store:  # computed by another session while this one waited
                    self._store.move_to_end(key)
                    return self._store[key]
            try:
                value = compute()
                size = self._sizer(value) if self.max_bytes is not None else 0
                if self.max_bytes is not None and size > self.max_bytes:
                    return value  # would push out everything else and still not fit
                with self._lock:
                    self._store[key] = value
                    self._sizes[key] = size
                    self.nbytes += size
                    while self._store and ((self.max_entries is not None and len(self._store) > self.max_entries)
                                           or (self.max_bytes is not None and self.nbytes > self.max_bytes)):
                        old, _ = self._store.popitem(last=False)
                        self.nbytes -= self._sizes.pop(old)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._store.clear()
            self._sizes.clear()
            self.nbytes = 0

    def __len__(self) -> int:
        return len(self._store)


MEMO = Memo(max_bytes=cache_limit_bytes())  # pages' tables, figures and views, by bytes
LOADS = Memo(max_entries=CACHE_ENTRIES)  # loaded plans, by folder and file signature


def clear_caches() -> None:
    """Empty every cache of the app: Streamlit's and `cached`'s (tests and the benchmark start clean with it)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    MEMO.clear()
    LOADS.clear()


class _NotKeyed(Exception):
    """An argument with no cache key: a View built by hand."""


def _key_part(value) -> object:
    """A value's part of a cache key: plans and views by their token, plain values as themselves."""
    if isinstance(value, View):
        if not value.key:
            raise _NotKeyed
        return ("view", value.key)
    if isinstance(value, Dataset):
        return ("dataset", value.token)
    if isinstance(value, Filters):
        return value  # frozen, hashable
    if value is None or isinstance(value, (str, float, dt.date)):
        return value
    if isinstance(value, int):
        return (type(value).__name__, value)  # True and 1 are equal keys to a dict; they are not to a page
    if isinstance(value, (tuple, list, frozenset)):
        return tuple(_key_part(v) for v in value)
    raise TypeError(f"ui.cached cannot key an argument of type {type(value).__name__}: pass the View or Dataset "
                    "it comes from, and compute it inside the cached function")


def cached(fn: Callable[..., T], *args, **kwargs) -> T:
    """fn(*args, **kwargs), computed once per distinct arguments and shared by every session (MEMO).

    For the pages' "figure" step: a rerun with nothing changed (a click elsewhere, a page switch and back) reuses
    the tables and figures instead of rebuilding them. Arguments are the plan (Dataset), the filtered View, and
    plain values (language, options, numbers, dates); a plan or view is keyed by the token it was loaded or
    filtered with, so hashing costs nothing at 100× the document. A keyword argument named with a leading
    underscore is passed but not keyed, as in st.cache_data: it must follow from the keyed ones (the plan's
    notes from the plan). The result is shared: never change it.
    """
    if not isinstance(fn, types.FunctionType) or fn.__name__ == "<lambda>" or fn.__closure__:
        # the key names the function by module and name: two lambdas, or two closures over different values,
        # would share one; a partial has no name
        raise TypeError(f"ui.cached needs a module-level function, not {fn!r}")
    try:
        key = (fn.__module__, fn.__qualname__, fn.__code__.co_filename, tuple(_key_part(a) for a in args),
               tuple(sorted((k, _key_part(v)) for k, v in kwargs.items() if not k.startswith("_"))))
    except _NotKeyed:
        return fn(*args, **kwargs)
    return MEMO.get(key, lambda: fn(*args, **kwargs))


