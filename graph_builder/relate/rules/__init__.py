"""The relation rule of every fact family, one module each (importing this package registers them all)."""

from . import adverse_events, cohort_outcomes, doses, drug_targets, patients, responses, survival, treatments

__all__ = ["adverse_events", "cohort_outcomes", "doses", "drug_targets", "patients", "responses", "survival", "treatments"]
