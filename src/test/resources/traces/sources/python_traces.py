"""Prints log lines interleaved with real CPython tracebacks to stderr: one via logging.exception
(message + traceback), an implicitly chained one ("During handling of the above exception..."), an
explicitly chained one ("The above exception was the direct cause..."), then dies uncaught."""
import logging
import sys

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("app")


def parse(value):
    return int(value)


def lookup(table, key):
    return table[key]


log.info("starting")
try:
    parse("not-a-number")
except ValueError:
    log.exception("parse failed")

log.info("next: implicit chaining")
try:
    try:
        lookup({}, "missing")
    except KeyError:
        parse("x")
except ValueError:
    log.exception("lookup then parse failed")

log.info("next: explicit chaining")
try:
    try:
        parse("y")
    except ValueError as e:
        raise RuntimeError("config broken") from e
except RuntimeError:
    log.exception("config failed")

log.warning("about to fail uncaught")
sys.stderr.flush()
lookup({"a": 1}, "b")
