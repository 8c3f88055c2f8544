"""Query filters of the analytics endpoints.

The shared shape of QueueObservationQueryFilter and ConversationAggregateQueryFilter:
checking one, reading the values of a dimension, and evaluating it against a row.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence

from . import validation as v

PREDICATE_TYPES = ("dimension", "property", "metric")
PREDICATE_OPERATORS = ("matches", "exists", "notExists")
FILTER_TYPES = ("and", "or")



def _validate_predicate(pred: Any, field: str, dimensions: Sequence[str]) -> None:
    v.obj(pred, field)
    v.required(pred, field)
    v.enum(pred.get("type"), field + ".type", "Type", PREDICATE_TYPES)
    v.enum(pred.get("operator"), field + ".operator", "Operator", PREDICATE_OPERATORS)
    if pred.get("type", "dimension") == "dimension":
        v.required(pred.get("dimension"), field + ".dimension")
        v.enum(pred.get("dimension"), field + ".dimension", "Dimension", dimensions)
        if (pred.get("operator") or "matches") == "matches":
            v.required(v.string(pred.get("value"), field + ".value"), field + ".value")


def validate_filter(flt: Any, field: str, dimensions: Sequence[str],
                    nested_clauses: bool) -> Dict[str, Any]:
    """Check a query filter; ``nested_clauses`` allows clauses (aggregates) vs only
    predicates inside clauses (observations)."""
    v.required(flt, field)
    v.obj(flt, field)
    v.required(flt.get("type"), field + ".type")
    v.enum(flt.get("type"), field + ".type", "Type", FILTER_TYPES)
    for index, pred in enumerate(v.array(flt.get("predicates"), field + ".predicates") or []):
        _validate_predicate(pred, "%s.predicates[%d]" % (field, index), dimensions)
    for index, clause in enumerate(v.array(flt.get("clauses"), field + ".clauses") or []):
        sub = "%s.clauses[%d]" % (field, index)
        v.obj(clause, sub)
        v.required(clause, sub)
        v.required(clause.get("type"), sub + ".type")
        v.enum(clause.get("type"), sub + ".type", "Type", FILTER_TYPES)
        preds = v.array(clause.get("predicates"), sub + ".predicates")
        if not nested_clauses:
            v.required(preds, sub + ".predicates")
        for p_index, pred in enumerate(preds or []):
            _validate_predicate(pred, "%s.predicates[%d]" % (sub, p_index), dimensions)
    return flt


def predicates(flt: Dict[str, Any]) -> Iterable[Dict[str, Any]]:
    for pred in flt.get("predicates") or []:
        yield pred
    for clause in flt.get("clauses") or []:
        for pred in predicates(clause):
            yield pred


def dimension_values(flt: Dict[str, Any], dimension: str) -> List[str]:
    """Values of ``matches`` predicates on one dimension, in order, without repeats."""
    out: List[str] = []
    for pred in predicates(flt):
        if pred.get("type", "dimension") != "dimension" or pred.get("dimension") != dimension:
            continue
        if (pred.get("operator") or "matches") == "matches" and pred.get("value") not in out:
            out.append(pred["value"])
    return out


def _eval_predicate(pred: Dict[str, Any], dims: Dict[str, Optional[str]],
                    ignore: Sequence[str]) -> bool:
    if pred.get("type", "dimension") != "dimension":
        return True          # property/metric predicates are not simulated: no restriction
    dimension = pred.get("dimension")
    if dimension in ignore:
        return True
    value = dims.get(dimension)   # a dimension the simulation lacks has no value
    operator = pred.get("operator") or "matches"
    if operator == "exists":
        return value is not None
    if operator == "notExists":
        return value is None
    return value is not None and value == pred.get("value")


def eval_filter(flt: Dict[str, Any], dims: Dict[str, Optional[str]],
                ignore: Sequence[str] = ()) -> bool:
    """Evaluate a filter against one row of dimension values."""
    results = [_eval_predicate(pred, dims, ignore) for pred in flt.get("predicates") or []]
    results += [eval_filter(clause, dims, ignore) for clause in flt.get("clauses") or []]
    if not results:
        return True
    return all(results) if flt.get("type") == "and" else any(results)


def metric_list(value: Any, field: str, allowed: Sequence[str], type_name: str,
                 required: bool) -> List[str]:
    if required:
        v.required(value, field)
    items = v.array(value, field, min_items=1 if required else None) or []
    out = []
    for index, item in enumerate(items):
        v.enum(item, "%s[%d]" % (field, index), type_name, allowed)
        if item not in out:
            out.append(item)
    return out
