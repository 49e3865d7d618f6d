"""Keeping the derived data of the engine in step with the code after an upgrade — automatically.

Two things can fall behind when new code meets an existing database:

1. the facts of a record source, when its app changed its counting rule (`facts.register_rule` with a higher
   version: a new indicator such as `petition.accepted`, a new split such as `dvk.recognised.by_level`);
2. the pre-aggregated roll-ups, when a migration or a settings change made them unusable (readers then compute
   live — always correct, but slow for a national year).

`bring_up_to_date()` re-derives the facts of every source whose rule version changed, then rebuilds the roll-ups
if they are unusable. It runs at the end of every `migrate` (the post_migrate hook in `apps.py`; set
`ROLLUPS_REBUILD_ON_MIGRATE = False` to run it yourself with `python manage.py rebuild_rollups`), and the
system check `reports.W001` warns while anything is pending — so an upgrade cannot forget it.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from . import rollups
from .facts import FactRule, registered_rules


def _table_exists(model) -> bool:
    return model._meta.db_table in connection.introspection.table_names()


def _engine_tables_exist() -> bool:
    from .models import FactRuleVersion, RollupState

    names = connection.introspection.table_names()
    return FactRuleVersion._meta.db_table in names and RollupState._meta.db_table in names


def pending_rules() -> list[FactRule]:
    """Fact sources whose stored facts follow an older counting rule than the code's."""
    from .models import FactRuleVersion

    stored = dict(FactRuleVersion.objects.values_list("source", "version"))
    return [rule for source, rule in sorted(registered_rules().items())
            if stored.get(source) != rule.version and _table_exists(rule.model)]


def pending() -> list[str]:
    """What is behind, in words (empty when everything is up to date); for the system check."""
    if not _engine_tables_exist():
        return []
    from django.conf import settings

    from .models import DataValue, RecordFact, RollupState

    found = [f"facts of {rule.source} (counting rule version {rule.version})" for rule in pending_rules()]
    current = RollupState.objects.order_by("pk").first()  # read only: a check never writes
    if current is None:
        usable = not RecordFact.objects.exists() and not DataValue.objects.exists()
    else:
        usable = current.valid and current.year_start == (getattr(settings, "REPORTING_YEAR_START", "01-01")
                                                          or "01-01")
    if not usable:
        found.append("pre-aggregated roll-ups")
    return found


def _cache_ready() -> bool:
    """Roll-up changes bump a version kept in the cache; a database cache whose table is not created yet
    (`migrate` runs before `createcachetable` on a new installation) cannot take it."""
    from django.core.cache import cache
    from django.core.cache.backends.db import DatabaseCache

    if isinstance(cache, DatabaseCache):
        return cache._table in connection.introspection.table_names()
    return True


def bring_up_to_date(*, stdout=None) -> dict:
    """Re-derive the facts of the sources whose rule changed, then rebuild the roll-ups if they are unusable.

    A source without records only has its version noted (a new installation: nothing to re-derive)."""
    from .models import FactRuleVersion

    if not _engine_tables_exist():
        return {"sources": [], "rebuilt": None}
    rules = pending_rules()
    for rule in [r for r in rules if not r.model.objects.exists()]:
        FactRuleVersion.objects.update_or_create(source=rule.source, defaults={
            "version": rule.version, "rebuilt_at": timezone.now()})
    rules = [r for r in rules if r.model.objects.exists()]
    if (rules or not rollups.usable()) and not _cache_ready():
        if stdout is not None:
            stdout.write("  derived figures are behind (see `manage.py check --database default`): run "
                         "`manage.py rebuild_rollups` once the cache table exists (`createcachetable`)")
        return {"sources": [], "rebuilt": None}
    if rules:
        # Readers compute live meanwhile; rebuilding afterwards is cheaper than refreshing per changed fact.
        rollups.invalidate()
    for rule in rules:
        with transaction.atomic():
            read = rule.rebuild()
            FactRuleVersion.objects.update_or_create(source=rule.source, defaults={
                "version": rule.version, "rebuilt_at": timezone.now()})
        if stdout is not None:
            stdout.write(f"  facts of {rule.source} re-derived (rule version {rule.version}, {read} records)")
    stats = None
    if not rollups.usable():
        stats = rollups.rebuild(stdout=stdout)
        if stdout is not None:
            stdout.write(f"  roll-ups rebuilt ({stats['own_rows']} unit values, {stats['seconds']} s)")
    return {"sources": [rule.source for rule in rules], "rebuilt": stats}
