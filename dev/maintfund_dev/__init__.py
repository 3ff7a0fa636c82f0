"""Development-only code: the demo data of DESIGN §4.4, the synthetic register of the benchmarks and the
seeders that load them into each service's database (``python -m maintfund_dev.cli SERVICE COMMAND``).

Used by ``make run``/``make seed``/``make demo-reset`` (scripts/devctl.py), the bench (bench/) and the
tests; never by production code (an import-linter contract in pyproject.toml) and absent from every image
(the Dockerfiles copy services/common and the service only; tests/contract/test_images.py checks it).
"""
