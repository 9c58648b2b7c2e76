"""The scenes (lib.scenes) as the pages call them: each cached once here, so a page's call is a plain call.

UI side (it keys on the plan's load token through lib.ui's shared cache); lib.scenes itself knows nothing of caching.
Each function here is `lib.ui.cached(<scene function>, …)`: computed once per distinct plan, view and options, shared
by every session, never changed after it is returned. The filtered view and the Progress page's ledger tables are
declared here too; other lib/ui helpers declare theirs with @cached_function where they are defined.
"""

from __future__ import annotations

import functools

from lib.ledger import display as _ledger
from lib.ledger import status as _status
from lib.scenes import export as _export
from lib.scenes import matrix as _matrix
from lib.scenes import network as _network
from lib.scenes import overview as _overview
from lib.scenes import profile as _profile
from lib.scenes import timeline as _timeline
from lib.scenes import workload as _workload
from lib.transforms import apply_filters
from lib.ui.cache import cached


def cached_function(fn):
    """fn as pages call it: lib.ui.cached(fn, ...) on every call, declared once instead of at each call site.

    Keyword arguments named with a leading underscore are passed but not keyed (ui.cached): they must follow from the
    keyed ones."""

    @functools.wraps(fn)
    def call(*args, **kwargs):
        return cached(fn, *args, **kwargs)

    return call


filtered = cached_function(apply_filters)  # the plan under the sidebar's filters
overview = cached_function(_overview.overview)
notes_table = cached_function(_overview.notes_table)
matrix = cached_function(_matrix.matrix)
task_detail = cached_function(_matrix.task_detail)
workload = cached_function(_workload.workload)
workload_charts = cached_function(_workload.workload_charts)
timeline = cached_function(_timeline.timeline)
has_collective = cached_function(_network.has_collective)
network_base = cached_function(_network.network_base)
network_scene = cached_function(_network.network_scene)
network_chart = cached_function(_network.network_chart)
network_tables = cached_function(_network.network_tables)
ego_table = cached_function(_network.ego_table)
profile_options = cached_function(_profile.profile_options)
profile = cached_function(_profile.profile)
export_tables = cached_function(_export.export_tables)
export_scope = cached_function(_export.export_scope)


def _plan_key(ds, imported: bool | None, served_folder: str) -> str:
    """The ledger's key of the plan (lib.ledger.status.plan_key); served_folder only keys it (imported=None asks
    whether ds was loaded from that folder)."""
    return _status.plan_key(ds, imported)


# once per loaded plan, not per rerun: an imported plan's key hashes its whole task table
plan_key = cached_function(_plan_key)
# keyed by the ledger's revision (store label, plan key, Store.revision): any new record rebuilds them
progress_page = cached_function(_ledger.page)
progress_line = cached_function(_ledger.line_of)
progress_schedule = cached_function(_status.schedule)  # the rules' phase dates, once per plan
task_labels = cached_function(_ledger.task_labels)  # task id → "id title", once per plan (2,400 rows at 100×)
task_roles = cached_function(_ledger.task_roles)  # task id → {unit: role}, once per plan
