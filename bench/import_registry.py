"""Registry import at province scale: 400,000 households / 1,200,000 members as CSV and a 200,000-row
xlsx; prints, in one run, rows/s of

  * a plain csv read and a python-calamine read of the same files (the reading limit);
  * the writing limit: the same rows read and written into the same schema by a bare process, with
    `executemany` on SQLite and with COPY on PostgreSQL;
  * Fupin's import (`manage.py import_households`, its public entry point: dry run and commit) on SQLite
    and PostgreSQL;
  * django-import-export upserting by resident ID on a 20,000-row sample (from a separate venv), on each
    database;

with the peak memory (max RSS) of each process, wall and CPU seconds, then each goal with its verdict,
all from this one run: the commit costs at most 1.5 x (read + bare insert) on SQLite, judged on the CPU
seconds of the two processes (SQLite works inside them), and at most 2 x (read + COPY) on PostgreSQL,
judged on wall seconds (the server works in its own processes); under 2 GiB; at least 25 x the rate of
django-import-export. Every Django process runs as deployed (DEBUG off). Results go to
bench/out/import_registry.json (BENCH_OUT names another file).

    .venv/bin/python bench/import_registry.py                         # full size
    .venv/bin/python bench/import_registry.py --households 20000      # a quick run
    BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_import .venv/bin/python bench/import_registry.py
    IEX_SITE=/tmp/iex-venv/lib/python3.11/site-packages .venv/bin/python bench/import_registry.py
      (IEX_SITE: site-packages of a throwaway venv with `pip install --no-deps django-import-export tablib
      diff-match-patch`; never install it into the project.)
"""

import argparse
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import load_line, verdict

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/fupin_bench_import"))
HEADER = [
    "户编号",
    "村区划代码",
    "主要致贫原因",
    "识别年度",
    "年人均纯收入(元)",
    "姓名",
    "公民身份号码",
    "与户主关系",
    "劳动能力",
    "性别",
    "出生日期",
    "民族",
    "健康状况",
    "务工情况",
]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
VILLAGES = [f"440703{town:03d}{village:03d}" for town in range(101, 121) for village in range(201, 251)]


def id_number(n, sex):
    birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=n // 500)
    body = f"440703{birth:%Y%m%d}{(n % 500) * 2 + (1 if sex == '1' else 0):03d}"
    return body + "10X98765432"[sum(w * int(d) for w, d in zip(WEIGHTS, body, strict=True)) % 11], birth


def generate_csv(path, households):
    relations = ["户主", "配偶", "之子"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        n = 0
        for h in range(households):
            number, village = f"P{h:09d}", VILLAGES[h % len(VILLAGES)]
            for m in range(3):
                sex = "2" if m == 1 else "1"
                n += 1
                number_id, birth = id_number(n, sex)
                writer.writerow(
                    [
                        number,
                        village,
                        "因病",
                        2016,
                        "5200",
                        f"成员{h}-{m}",
                        number_id,
                        relations[m],
                        "普通劳动力",
                        "男" if sex == "1" else "女",
                        birth.isoformat(),
                        "汉族",
                        "健康",
                        "未务工",
                    ]
                )


def generate_xlsx(csv_path, xlsx_path, rows):
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("贫困户")
    with open(csv_path, encoding="utf-8") as handle:
        for r, row in enumerate(csv.reader(handle)):
            if r > rows:
                break
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
    workbook.close()


# -- workers, each in its own process so that its peak memory is its own ------------------------------------


# Every Django process runs as deployed: with DEBUG on, Django keeps a log of every query and, on SQLite,
# quotes every parameter of it (an extra query per 999 parameters), which is not what production pays.
AS_DEPLOYED = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-secret",
    "FUPIN_DATA_KEY": "YmVuY2gtb25seS1kYXRhLWtleS1ub3Qtc2VjcmV0ISE=",  # bench-only keys
    "FUPIN_INDEX_KEY": "YmVuY2gtb25seS1pbmRleC1rZXktbm90LXNlY3JldCE=",
}


def setup_django(db_url):
    os.environ.update(AS_DEPLOYED)
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def worker_bare(db_url, path):
    """Plain read, then one transaction writing registry_household and registry_member: executemany on
    SQLite, COPY on PostgreSQL (the fastest way into each)."""
    setup_django(db_url)
    from django.db import connection, transaction
    from django.utils import timezone

    from fupin.registry.models import Household, Member

    started, cpu = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    read_s, read_cpu = time.perf_counter() - started, time.process_time() - cpu
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    hh_columns, hh_base, hh_at = row_template(Household, {"version": 1, "created_at": now, "updated_at": now})
    mem_columns, mem_base, mem_at = row_template(
        Member, {"version": 1, "created_at": now, "updated_at": now}, database_ids=True
    )
    households, members, ids = [], [], {}
    relation = {"户主": "01", "配偶": "02", "之子": "03"}
    hh_id, hh_number, hh_region = hh_at["id"], hh_at["number"], hh_at["region_code"]
    hh_cause, hh_year, hh_income = hh_at["main_cause"], hh_at["year_identified"], hh_at["income_per_capita"]
    m_household, m_region, m_name = mem_at["household_id"], mem_at["region_code"], mem_at["name"]
    m_id, m_index, m_tail4, m_tail6 = (
        mem_at["id_number"],
        mem_at["id_index"],
        mem_at["id_tail4_index"],
        mem_at["id_tail6_index"],
    )
    m_sex, m_birth, m_relation, m_labor = (
        mem_at["sex"],
        mem_at["birth_date"],
        mem_at["relation"],
        mem_at["labor_ability"],
    )
    for row in rows:
        if row[0] not in ids:
            ids[row[0]] = len(ids) + 1
            household = hh_base.copy()
            household[hh_id], household[hh_number], household[hh_region] = ids[row[0]], row[0], row[1]
            household[hh_cause], household[hh_year], household[hh_income] = "01", 2016, "5200.00"
            households.append(household)
        member = mem_base.copy()
        member[m_household], member[m_region], member[m_name], member[m_id] = (
            ids[row[0]],
            row[1],
            row[5],
            row[6],
        )
        # The indexed columns are filled (plain, unkeyed) so that every index of the schema is written too.
        member[m_index], member[m_tail4], member[m_tail6] = row[6], row[6][-4:], row[6][-6:]
        member[m_sex], member[m_birth], member[m_relation], member[m_labor] = (
            "1",
            row[10],
            relation[row[7]],
            "1",
        )
        members.append(member)
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_rows(cursor, "registry_household", hh_columns, households)
            copy_rows(cursor, "registry_member", mem_columns, members)
        else:
            insert_rows(cursor, "registry_household", hh_columns, households)
            insert_rows(cursor, "registry_member", mem_columns, members)
    insert_s, insert_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        json.dumps(
            {
                "rows": len(rows),
                "read_s": read_s,
                "read_cpu": read_cpu,
                "insert_s": insert_s,
                "insert_cpu": insert_cpu,
                "households": len(households),
            }
        )
    )


def row_template(model, fixed, *, database_ids=False):
    """The table's columns (every concrete field, so the bare rows follow the schema as it is), a row of
    their defaults with `fixed` filled in, and {column: position}. With `database_ids` the primary key is
    left out, for the database to number the rows (PostgreSQL refuses a NULL id; SQLite numbers one)."""
    fields = [f for f in model._meta.concrete_fields if not (database_ids and f.primary_key)]
    columns = ", ".join(f.column for f in fields)
    base = []
    for f in fields:
        value = fixed.get(f.column, f.get_default())
        base.append(value.value if hasattr(value, "value") else value)  # a TextChoices member: its code
    return columns, base, {f.column: i for i, f in enumerate(fields)}


def insert_rows(cursor, table, columns, rows):
    marks = ", ".join(["%s"] * len(columns.split(",")))
    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def copy_rows(cursor, table, columns, rows):
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def worker_calamine(path):
    from python_calamine import CalamineWorkbook

    started, cpu = time.perf_counter(), time.process_time()
    workbook = CalamineWorkbook.from_path(str(path))
    count = sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows()) - 1
    print(
        json.dumps(
            {"rows": count, "read_s": time.perf_counter() - started, "read_cpu": time.process_time() - cpu}
        )
    )


def worker_iex(db_url, path, sample):
    """django-import-export: households inserted beforehand, then members upserted by resident ID."""
    setup_django(db_url)
    import tablib
    from django.db import connection
    from import_export import fields, resources, widgets

    from fupin.core.crypto import blind_index
    from fupin.registry.models import Household, Member

    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [row for _i, row in zip(range(sample), reader, strict=False)]
    seen = {}
    for row in rows:
        seen.setdefault(row[0], row[1])
    Household.objects.bulk_create(
        [Household(number=n, region_id=v, main_cause="01", year_identified=2016) for n, v in seen.items()]
    )

    class MemberResource(resources.ModelResource):
        household = fields.Field(
            attribute="household",
            column_name="household",
            widget=widgets.ForeignKeyWidget(Household, field="number"),
        )
        # The resident ID is sealed at rest: a member is found by its blind index, as Fupin finds it.
        id_index = fields.Field(attribute="id_index", column_name="id_index")

        class Meta:
            model = Member
            import_id_fields = ["id_index"]
            fields = [
                "household",
                "region_code",
                "name",
                "id_number",
                "sex",
                "birth_date",
                "relation",
                "labor_ability",
                "id_index",
            ]
            use_bulk = False

    data = tablib.Dataset(
        headers=[
            "household",
            "region_code",
            "name",
            "id_number",
            "sex",
            "birth_date",
            "relation",
            "labor_ability",
            "id_index",
        ]
    )
    relation = {"户主": "01", "配偶": "02", "之子": "03"}
    for row in rows:
        sex = "1" if row[9] == "男" else "2"
        data.append(
            [row[0], row[1], row[5], row[6], sex, row[10], relation[row[7]], "1", blind_index(row[6])]
        )
    started, cpu = time.perf_counter(), time.process_time()
    result = MemberResource().import_data(data, dry_run=False, use_transactions=True, raise_errors=True)
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": len(rows),
                "import_s": elapsed,
                "import_cpu": time.process_time() - cpu,
                "errors": result.has_errors(),
                "vendor": connection.vendor,
            }
        )
    )


# -- orchestration ----------------------------------------------------------------------------------------------


def measured(args, env=None, python_path=None):
    """Run a child process; (stdout, its wall seconds, CPU seconds and peak memory through wait4)."""
    child_env = {**os.environ, **(env or {})}
    if python_path:
        child_env["PYTHONPATH"] = python_path
    started = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=ROOT, env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out_chunks = []
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    out_chunks.append(stdout)
    if process.returncode != 0:
        raise SystemExit(
            f"{' '.join(map(str, args))} failed ({process.returncode}):\n{stderr[-3000:]}\n{stdout[-2000:]}"
        )
    return stdout, {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "max_rss_mib": round(usage.ru_maxrss / 1024),
    }


def manage(db_url, *args):
    return measured(
        [sys.executable, "manage.py", *args],
        env={"DATABASE_URL": db_url, "FUPIN_VAR_DIR": str(WORK / "var"), **AS_DEPLOYED},
    )


REGIONS_SCRIPT = """
from fupin.regions.models import Region
from benchregions import rows
Region.objects.bulk_create([Region(code=c, name=n, level=l, parent_id=p) for c, n, l, p in rows()],
                           ignore_conflicts=True)
"""


def region_rows():
    yield "440000000000", "广东省", 1, None
    yield "440700000000", "江门市", 2, "440000000000"
    yield "440703000000", "蓬江区", 3, "440700000000"
    for town in range(101, 121):
        yield f"440703{town:03d}000", f"镇{town}", 4, "440703000000"
    for code in VILLAGES:
        yield code, f"村{code[-6:]}", 5, code[:9] + "000"


def prepare_db(db_url):
    manage(db_url, "migrate", "--no-input", "-v0")
    (WORK / "benchregions.py").write_text(
        "def rows():\n    return " + repr(list(region_rows())) + "\n", encoding="utf-8"
    )
    measured(
        [sys.executable, "manage.py", "shell", "-c", REGIONS_SCRIPT],
        env={"DATABASE_URL": db_url, "PYTHONPATH": str(WORK), **AS_DEPLOYED},
    )


def fresh_sqlite(template):
    target = WORK / "run.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def empty_pg(db_url):
    import psycopg

    with psycopg.connect(db_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(
            "TRUNCATE registry_member, registry_household, audit_auditentry, jobs_job RESTART IDENTITY "
            "CASCADE"
        )
    return db_url


def create_pg(db_url):
    import psycopg

    base, name = db_url.rsplit("/", 1)
    with psycopg.connect(base.replace("postgres://", "postgresql://") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    prepare_db(db_url)


def fupin_import(db_url, path, dry_run):
    args = ["import_households", str(path), "--json"] + (["--dry-run"] if dry_run else [])
    stdout, figures = manage(db_url, *args)
    result = json.loads(stdout)
    assert not result["errors"], result["errors"][:3]
    return figures


def goals(results, vendor, bare_name):
    """Each goal of the import with its verdict and figure, from this run's results.

    On SQLite the database works inside the importing process, so the two processes' CPU seconds are
    compared (steady on a shared machine); on PostgreSQL the server does much of the work in its own
    process, so wall seconds are compared, measured minutes apart under the load printed above."""
    commit = results[f"fupin commit csv [{vendor}]"]
    bare = results[f"{bare_name}, whole process: read + insert [{vendor}]"]
    if vendor == "sqlite":
        ratio = commit["timed_cpu_s"] / bare["timed_cpu_s"]
        verdict(
            "commit <= 1.5 x (read + bare insert), CPU [sqlite]",
            ratio <= 1.5,
            f"{ratio:.2f} x: {commit['timed_cpu_s']:.1f} vs {bare['timed_cpu_s']:.1f} cpu-s",
        )
    else:
        ratio = commit["timed_wall_s"] / bare["timed_wall_s"]
        verdict(
            "commit <= 2 x (read + COPY), wall [postgresql]",
            ratio <= 2,
            f"{ratio:.2f} x: {commit['timed_wall_s']:.1f} vs {bare['timed_wall_s']:.1f} s",
        )
    peak = max(results[f"fupin {name} [{vendor}]"]["max_rss_mib"] for name in ("commit csv", "commit xlsx"))
    verdict(f"import under 2 GiB [{vendor}]", peak < 2048, f"peak {peak} MiB")
    iex = results.get(f"django-import-export [{vendor}]")
    if iex:
        key = "rows_per_cpu_s" if vendor == "sqlite" else "rows_per_wall_s"
        ratio = commit[key] / iex[key]
        verdict(
            f"commit >= 25 x django-import-export [{vendor}]",
            ratio >= 25,
            f"{ratio:.0f} x: {commit[key]:,} vs {iex[key]:,} rows/{'cpu-s' if vendor == 'sqlite' else 's'}",
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=400_000)
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--worker", nargs="*")
    options = parser.parse_args()
    if options.worker:
        kind, *rest = options.worker
        {"bare": worker_bare, "calamine": worker_calamine, "iex": worker_iex}[kind](
            *[int(x) if x.isdigit() else x for x in rest]
        )
        return
    WORK.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK / "var", ignore_errors=True)
    csv_path, xlsx_path = (
        WORK / f"households-{options.households}.csv",
        WORK / f"rows-{options.xlsx_rows}.xlsx",
    )
    members = options.households * 3
    if not csv_path.exists():
        print(f"generating {csv_path} ({members} member rows)", flush=True)
        generate_csv(csv_path, options.households)
    if not xlsx_path.exists():
        print(f"generating {xlsx_path}", flush=True)
        generate_xlsx(csv_path, xlsx_path, options.xlsx_rows)
    xlsx_rows = min(options.xlsx_rows, members)
    template = WORK / "template.sqlite3"
    if not template.exists():
        print("migrating the SQLite template", flush=True)
        prepare_db(f"sqlite:///{template}")
    me = [sys.executable, __file__, "--worker"]
    report = {"households": options.households, "members": members, "xlsx_rows": xlsx_rows, "results": {}}
    results = report["results"]

    def show(name, rows, wall, cpu, figures=None, extra=""):
        """rows/s over the timed part: wall seconds and CPU seconds of the process doing it.

        The machine is shared, so wall time swings with other load; CPU seconds are the steadier figure
        for work done in the process (csv, calamine, SQLite). PostgreSQL works in its own server process:
        compare wall times there."""
        figures = dict(figures or {})
        figures.update(
            {
                "rows": rows,
                "timed_wall_s": round(wall, 2),
                "timed_cpu_s": round(cpu, 2),
                "rows_per_wall_s": round(rows / wall),
                "rows_per_cpu_s": round(rows / cpu),
            }
        )
        results[name] = figures
        print(
            f"{name:<40} {rows:>9} rows | wall {wall:>7.1f}s {rows / wall:>9,.0f}/s | cpu {cpu:>7.1f}s "
            f"{rows / cpu:>9,.0f}/s | max RSS {figures.get('max_rss_mib', '-')} MiB {extra}",
            flush=True,
        )

    print(load_line(), flush=True)
    started, cpu = time.perf_counter(), time.process_time()
    with open(csv_path, encoding="utf-8", newline="") as handle:
        count = sum(1 for _row in csv.reader(handle)) - 1
    show("csv read (plain csv.reader)", count, time.perf_counter() - started, time.process_time() - cpu)
    stdout, figures = measured([*me, "calamine", str(xlsx_path)])
    data = json.loads(stdout)
    show("xlsx read (python-calamine)", data["rows"], data["read_s"], data["read_cpu"], figures)
    databases = [] if os.environ.get("BENCH_SKIP_SQLITE") else [("sqlite", lambda: fresh_sqlite(template))]
    pg_url = os.environ.get("BENCH_PG_URL")
    if pg_url:
        print("creating the PostgreSQL database", flush=True)
        create_pg(pg_url)
        databases.append(("postgresql", lambda: empty_pg(pg_url)))
    iex_site = os.environ.get("IEX_SITE")
    for vendor, fresh in databases:
        bare_name = "bare executemany" if vendor == "sqlite" else "bare COPY"
        stdout, figures = measured([*me, "bare", fresh(), str(csv_path)])
        data = json.loads(stdout)
        show(
            f"{bare_name} [{vendor}]",
            data["rows"],
            data["insert_s"],
            data["insert_cpu"],
            figures,
            f"(+{data['households']} household rows in the same time; read {data['read_cpu']:.1f} cpu-s)",
        )
        show(
            f"{bare_name}, whole process: read + insert [{vendor}]",
            members,
            figures["wall_s"],
            figures["cpu_s"],
        )
        for name, path, rows, dry in [
            ("dry run csv", csv_path, members, True),
            ("commit csv", csv_path, members, False),
            ("commit xlsx", xlsx_path, xlsx_rows, False),
        ]:
            db = fresh()
            figures = fupin_import(db, path, dry)
            show(f"fupin {name} [{vendor}]", rows, figures["wall_s"], figures["cpu_s"], figures)
        figures = fupin_import(db, xlsx_path, False)
        show(
            f"fupin re-import xlsx, unchanged [{vendor}]",
            xlsx_rows,
            figures["wall_s"],
            figures["cpu_s"],
            figures,
        )
        if iex_site:
            path = os.pathsep.join([iex_site, str(ROOT)])
            stdout, figures = measured(
                [*me, "iex", fresh(), str(csv_path), str(options.sample)], python_path=path
            )
            data = json.loads(stdout)
            show(
                f"django-import-export [{vendor}]",
                data["rows"],
                data["import_s"],
                data["import_cpu"],
                figures,
            )
        else:
            print(f"django-import-export [{vendor}]: skipped (set IEX_SITE, see the docstring)")
    print(load_line())
    for vendor, _fresh in databases:
        goals(results, vendor, f"{'bare executemany' if vendor == 'sqlite' else 'bare COPY'}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / os.environ.get("BENCH_OUT", "import_registry.json")).write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"written {out / os.environ.get('BENCH_OUT', 'import_registry.json')}")


if __name__ == "__main__":
    main()
