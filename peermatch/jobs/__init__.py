"""Periodic jobs and the one runner that runs them all (``flask --app wsgi jobs run``).

Any number of runners may run on any number of hosts: a job is claimed in the shared
``job_runs`` table under a PostgreSQL advisory lock before it runs, so no two copies do
the same run. On SQLite (one host, development) the runner simply runs.
"""

from peermatch.jobs.registry import JOBS, Job, intervals_from_config
from peermatch.jobs.runner import JobOutcome, run_due, run_forever

__all__ = ["JOBS", "Job", "JobOutcome", "intervals_from_config", "run_due", "run_forever"]
