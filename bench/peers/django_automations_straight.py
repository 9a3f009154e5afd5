"""
The peer side of `npm run bench:in-memory`: django-automations running the straight 5-node flow
of bench/straight-flow.ts (four Execute nodes that each add 1 to a counter in the data, then
End) on SQLite in memory, the way its documentation has a project use it: an Automation class,
`Straight(n=0)` to create and run an instance, `self.data` changed and `self.save()` called in
the Execute method.

    DJANGO_AUTOMATIONS_SRC=/path/to/django-automations /usr/bin/python3 \
        bench/peers/django_automations_straight.py [instances]

Prints one JSON object on stdout: wall-clock and CPU seconds of the timed loop (the process's CPU
time, all threads; SQLite runs in the process). Needs Django >= 3.0 on the Python running it (Debian:
`apt-get install python3-django`, Django 3.2 for /usr/bin/python3) and the django-automations
source (not installed from PyPI): DJANGO_AUTOMATIONS_SRC names its checkout (the directory
holding `src/automations`, or `src` itself).
"""

import json
import os
import sys
import time


def automations_path():
    source = os.environ.get("DJANGO_AUTOMATIONS_SRC")
    if not source:
        sys.exit("DJANGO_AUTOMATIONS_SRC is not set: it names a django-automations checkout")
    for candidate in (os.path.join(source, "src"), source):
        if os.path.isfile(os.path.join(candidate, "automations", "flow.py")):
            return candidate
    sys.exit(f"DJANGO_AUTOMATIONS_SRC={source} holds neither src/automations/flow.py nor automations/flow.py")


sys.path.insert(0, automations_path())

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.configure(
    SECRET_KEY="benchmark-secret-0123456789",
    DEBUG=False,  # no query log
    USE_TZ=True,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=("django.contrib.contenttypes", "django.contrib.auth", "automations"),
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()
call_command("migrate", verbosity=0, interactive=False)  # once, before the clock starts

from django.db import connection  # noqa: E402

from automations import flow  # noqa: E402
from automations.flow import this  # noqa: E402


class Straight(flow.Automation):
    a = flow.Execute(this.bump)
    b = flow.Execute(this.bump)
    c = flow.Execute(this.bump)
    d = flow.Execute(this.bump)
    end = flow.End()

    def bump(self, task):
        self.data["n"] += 1
        self.save()  # the reference: "This method needs to be called after modifying the .data attribute"


def run_one():
    instance = Straight(n=0)  # autorun: creates the instance and runs it until End
    if not instance.finished() or instance.data["n"] != 4:
        sys.exit(f"the straight flow did not finish with n = 4: finished={instance.finished()}, data={instance.data}")
    return instance


def queries_per_instance():
    """SQL statements for one instance, counted once outside the timed loop."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        run_one()
    return count


def main():
    instances = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_INSTANCES", "2000"))
    if instances < 1:
        sys.exit("instances must be a positive integer")
    queries = queries_per_instance()  # also the warm-up
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(instances):
        run_one()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    import automations

    print(json.dumps({
        "peer": "django-automations",
        "version": getattr(automations, "__version__", None),
        "django": django.get_version(),
        "python": sys.version.split()[0],
        "database": "sqlite3 :memory:",
        "instances": instances,
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "instancesPerSecond": instances / seconds,
        "microsecondsPerInstance": seconds / instances * 1e6,
        "queriesPerInstance": queries,
    }))


main()
