"""The ``paystead`` command: serve, bootstrap, migrate, worker, coverage, routes, webhooks, clock.

A setup mistake (see paystead.setup_errors) ends as one line on stderr and exit code 2; every
command checks its configuration before it creates anything (a data directory, a database file).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import traceback

from paystead.settings import Settings, load_settings
from paystead.setup_errors import SetupError


def _settings(args, *, database: bool = True) -> Settings:
    """Settings from the flags and the environment, checked before anything is created: their
    values, the database URL's form, the master key (production mode needs one); then, when
    ``database``, one connection to the database."""
    from paystead.db.check import parse_database_url
    from paystead.security.master_key import check_master_key

    settings = load_settings(database_url=getattr(args, "database_url", None), data_dir=getattr(args, "data_dir", None))
    parse_database_url(settings.resolved_database_url())
    check_master_key(settings)
    if database:
        _check_database(settings)
    return settings


def _check_database(settings: Settings) -> None:
    """For commands that check more of their configuration between ``_settings(database=False)``
    and the first connection (which may create the SQLite file)."""
    from paystead.db.check import check_database

    check_database(settings.resolved_database_url())


async def _prepare(settings: Settings, *, sandbox: str, clock_start=None):
    """Reference data, then a sandbox: ``sandbox`` is "always", "if-empty" or "never"."""
    from paystead.bootstrap import create_sandbox, database_is_empty, prepare_reference_data
    from paystead.modules import create_state

    state = create_state(settings)
    try:
        await prepare_reference_data(state.sessions)
        if sandbox == "always" or (sandbox == "if-empty" and await database_is_empty(state.sessions)):
            return await create_sandbox(state.sessions, state.vault, clock_start=clock_start)
        return None
    finally:
        await state.close()


def migrate(settings: Settings) -> None:
    from paystead.db.migrate import upgrade

    upgrade(settings.resolved_database_url())


def cmd_migrate(args) -> int:
    settings = _settings(args)
    migrate(settings)
    asyncio.run(_prepare(settings, sandbox="never"))
    print("Database is up to date.")
    return 0


def cmd_bootstrap(args) -> int:
    settings = _settings(args, database=False)
    clock_start = None
    if args.clock_start is not None:
        from paystead.domains.spaces.clock import parse_start
        from paystead.errors import ApiError

        try:
            clock_start = parse_start(settings, args.clock_start)
        except ApiError as error:
            raise SetupError(f"--clock-start {args.clock_start!r}: {error.message}", "give an instant such as "
                             "2026-01-01T00:00:00Z in sandbox mode, or leave --clock-start out") from error
    _check_database(settings)
    migrate(settings)
    credentials = asyncio.run(_prepare(settings, sandbox="always", clock_start=clock_start))
    if args.json:
        print(json.dumps(credentials.as_json()))
    else:
        print(_banner(credentials, host_url="http://127.0.0.1:8000"))
    return 0


def _banner(credentials, *, host_url: str) -> str:
    return f"""
============================================================================
 Paystead sandbox created. The authentication key is shown ONCE: keep it.

   account id           {credentials.account_id}
   space id             {credentials.space_id}
   application user id  {credentials.application_user_id}
   authentication key   {credentials.authentication_key}

 Use it with the official wallee Python SDK (pip install wallee==6.4.0):

   from wallee.configuration import Configuration
   from wallee.service.spaces_service import SpacesService

   config = Configuration(host="{host_url}/api/v2.0",
                          user_id={credentials.application_user_id},
                          authentication_key="{credentials.authentication_key}")
   print(SpacesService(config).get_spaces_id({credentials.space_id}))

 The README's examples and `paystead webhooks forward` read them from the shell:

   export PAYSTEAD_URL={host_url} PAYSTEAD_SPACE_ID={credentials.space_id} \\
          PAYSTEAD_USER_ID={credentials.application_user_id} PAYSTEAD_AUTHENTICATION_KEY='{credentials.authentication_key}'

 API documentation: {host_url}/api/v2.0/docs
 Demo shop (pay in the browser with card 4111 1111 1111 1111): {host_url}/demo
============================================================================
"""


def _migrate_and_prepare(database_url: str, data_dir: str):
    settings = load_settings(database_url=database_url, data_dir=data_dir)
    migrate(settings)
    return asyncio.run(_prepare(settings, sandbox="if-empty"))


def _prepare_in_child(settings: Settings):
    """Migrations and reference data in a child process: loading every country, language and
    address format takes about 150 MB that the serving process would otherwise keep for good."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as child:
        return child.submit(_migrate_and_prepare, settings.resolved_database_url(), str(settings.data_dir)).result()


def cmd_serve(args) -> int:
    import uvicorn

    from paystead.domains.transactions.urls import require_public_base_url
    from paystead.serving_port import check_port_free

    settings = _settings(args, database=False)
    require_public_base_url(settings)
    check_port_free(args.host, args.port)
    _check_database(settings)
    # Worker processes build their own settings from the environment: hand the flags down.
    os.environ["PAYSTEAD_DATABASE_URL"] = settings.resolved_database_url()
    os.environ["PAYSTEAD_DATA_DIR"] = str(settings.data_dir)
    credentials = _prepare_in_child(settings)
    host_url = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}"
    if credentials is not None:
        print(_banner(credentials, host_url=host_url), flush=True)
    else:
        print(f"Paystead on {host_url} (database already set up; `paystead bootstrap` creates new credentials)",
              flush=True)
    uvicorn.run("paystead.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level=settings.log_level, access_log=False, proxy_headers=False)
    return 0


def cmd_worker(args) -> int:
    """The background worker on its own, for installations whose API nodes run without it."""
    import signal

    settings = _settings(args)  # before the heavy imports: a setup mistake is told at once
    from paystead.modules import PERIODIC_TASKS, create_state
    from paystead.worker.runner import Worker

    migrate(settings)

    async def run():
        state = create_state(settings)
        worker = Worker(state, PERIODIC_TASKS)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        worker.start()
        print("Paystead worker running; Ctrl+C stops it.", flush=True)
        await stop.wait()
        await worker.stop()
        await state.close()

    asyncio.run(run())
    return 0


def cmd_coverage(args) -> int:
    """The contract coverage table; exits 1 when an implemented operation deviates from the contract."""
    from paystead.api.coverage import format_table, report
    from paystead.app import create_app

    rows, problems = report(create_app(_settings(args, database=False)))
    if args.json:
        print(json.dumps({
            "services": [{"service": r.service, "implemented": r.implemented, "total": r.total,
                          "percent": round(r.percent, 1),
                          **({"missing": list(r.missing)} if args.missing else {})} for r in rows],
            "implemented": sum(r.implemented for r in rows), "total": sum(r.total for r in rows),
            "deviations": problems,
        }))
    else:
        print(format_table(rows, missing=args.missing))
        for problem in problems:
            print(f"DEVIATION: {problem}")
    return 1 if problems else 0


DEFAULT_SERVER = "http://127.0.0.1:8000"


def cmd_webhooks(args) -> int:
    action = args.webhooks_command
    settings = None if action == "forward" else _settings(args)
    from paystead.webhooks import cli as hooks

    if action == "forward":
        client = hooks.ApiClient.checked(args.server or os.environ.get("PAYSTEAD_URL") or DEFAULT_SERVER,
                                         args.user_id or os.environ.get("PAYSTEAD_USER_ID"),
                                         args.key or os.environ.get("PAYSTEAD_AUTHENTICATION_KEY"),
                                         args.space or os.environ.get("PAYSTEAD_SPACE_ID"))
        target = hooks.absolute_http_url(args.to, "--to", "http://localhost:3000/webhooks")
        return hooks.forward(client, target, hooks.entity_ids(args.entity), once=args.once)
    migrate(settings)
    if action == "deliveries":
        return hooks.list_deliveries(settings, space=args.space, state_name=args.state, limit=args.limit)
    if action == "show":
        return hooks.show_delivery(settings, args.delivery)
    if action == "resend":
        return hooks.resend(settings, args.delivery)
    return hooks.rotate_key(settings)


def cmd_routes(args) -> int:
    """Every API route with the function that answers it; exits 1 when none matches the filter."""
    from paystead.api.route_list import as_json, format_lines, route_entries

    entries = route_entries(args.filter)
    text = json.dumps(as_json(entries), indent=1) if args.json else "\n".join(format_lines(entries))
    try:
        if entries or args.json:
            print(text, flush=True)
    except BrokenPipeError:  # `paystead routes | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if not entries:
        print(f"no route matches {args.filter!r}", file=sys.stderr)
    return 0 if entries else 1


def cmd_clock(args) -> int:
    settings = _settings(args)
    from paystead.domains.spaces import clock_cli

    migrate(settings)
    if args.clock_command == "show":
        return clock_cli.show(settings, args.space, as_json=args.json)
    return clock_cli.advance(settings, args.space, by=args.by, to=args.to, as_json=args.json)


DEBUG_HELP = "on a setup mistake, print the traceback too (also PAYSTEAD_DEBUG=1)"


def _command(commands, name: str, text: str, *, database: bool = True) -> argparse.ArgumentParser:
    """A subcommand whose --help starts with ``text``; ``database``: it takes --database-url and
    --data-dir."""
    sub = commands.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
    if database:
        sub.add_argument("--database-url", metavar="URL",
                         help="sqlite:///path.db or postgresql://user@host:port/db (default: PAYSTEAD_DATABASE_URL, "
                              "else paystead.db in the data directory)")
        sub.add_argument("--data-dir", metavar="DIR",
                         help="where the embedded database and the sandbox's master key live (default: "
                              "PAYSTEAD_DATA_DIR, else ~/.paystead)")
    # SUPPRESS: a subcommand without the flag keeps what `paystead --debug ...` set.
    sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    return sub


def _group(commands, name: str, text: str, dest: str):
    group = commands.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
    return group.add_subparsers(dest=dest, required=True, metavar="COMMAND")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paystead", description="A self-hostable wallee-compatible payment platform.")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = _command(commands, "serve", "apply migrations and start the API (and the embedded worker)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on; 0.0.0.0 for every interface (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8000, help="TCP port to listen on (default: %(default)s)")
    serve.add_argument("--workers", type=int, default=1,
                       help="API processes; with more than one, run one `paystead worker` or keep "
                            "PAYSTEAD_EMBEDDED_WORKER on (default: %(default)s)")
    serve.set_defaults(run=cmd_serve)

    bootstrap = _command(commands, "bootstrap", "create an account, a space and an application user, and print "
                                                "the user's authentication key once")
    bootstrap.add_argument("--json", action="store_true", help="print one JSON object with the credentials")
    bootstrap.add_argument("--clock-start", metavar="INSTANT",
                           help="sandbox only: the space's clock starts at this instant, e.g. 2026-01-01T00:00:00Z "
                                "(a space whose history starts in the past; see `paystead clock`; default: now)")
    bootstrap.set_defaults(run=cmd_bootstrap)

    worker = _command(commands, "worker", "run the background worker alone "
                                          "(for API nodes started with PAYSTEAD_EMBEDDED_WORKER=false)")
    worker.set_defaults(run=cmd_worker)

    coverage = _command(commands, "coverage", "print which contract operations are implemented, per service")
    coverage.add_argument("--json", action="store_true", help="print one JSON object")
    coverage.add_argument("--missing", action="store_true", help="list the operations not implemented yet")
    coverage.set_defaults(run=cmd_coverage)

    routes = _command(commands, "routes", "list every API route: method, path, SDK operation id and the "
                                          "module:function that answers it (one line a route)", database=False)
    routes.add_argument("filter", nargs="?", default=None,
                        help="show only routes whose path, operation id or function contains this text, "
                             "ignoring case (default: every route)")
    routes.add_argument("--json", action="store_true",
                        help="print a JSON array of {method, path, operationId, function} (default: aligned text)")
    routes.set_defaults(run=cmd_routes)

    migrate_cmd = _command(commands, "migrate", "apply database migrations and load the reference data")
    migrate_cmd.set_defaults(run=cmd_migrate)

    hooks = _group(commands, "webhooks", "webhook deliveries: list, show, resend, rotate the signing key, "
                                         "forward to a local URL", "webhooks_command")
    deliveries = _command(hooks, "deliveries", "the latest deliveries and their state, oldest first")
    deliveries.add_argument("--space", type=int, metavar="ID",
                            help="only this space's deliveries (default: every space)")
    deliveries.add_argument("--state", choices=["PENDING", "DELIVERED", "FAILED", "pending", "delivered", "failed"],
                            metavar="STATE", help="only deliveries in this state: PENDING, DELIVERED or FAILED "
                                                  "(default: any)")
    deliveries.add_argument("--limit", type=int, default=50, metavar="N",
                            help="how many of the latest deliveries (default: %(default)s)")
    for name, text in (("show", "one delivery with every attempt"), ("resend", "send a delivery's message again")):
        sub = _command(hooks, name, text)
        sub.add_argument("delivery", type=int, metavar="DELIVERY", help="the delivery's id (see `webhooks deliveries`)")
    _command(hooks, "rotate-key", "sign with a new key from now on (old keys stay readable)")
    forward = _command(hooks, "forward", "pass a space's webhooks on to a local URL (pulls them through the API: "
                                         "no tunnel needed)", database=False)
    forward.add_argument("--server", metavar="URL",
                         help=f"Paystead's base URL (default: PAYSTEAD_URL, else {DEFAULT_SERVER})")
    forward.add_argument("--user-id", metavar="ID", help="application user id (default: PAYSTEAD_USER_ID)")
    forward.add_argument("--key", help="its authentication key (default: PAYSTEAD_AUTHENTICATION_KEY)")
    forward.add_argument("--space", metavar="ID", help="the space whose webhooks to pass on (default: PAYSTEAD_SPACE_ID)")
    forward.add_argument("--to", required=True, metavar="URL",
                         help="where to POST each message, e.g. http://localhost:3000/webhooks")
    forward.add_argument("--entity", action="append", metavar="NAME",
                         help="listener entity name or id (repeatable; default: every state-machine entity)")
    forward.add_argument("--once", action="store_true", help="pass on what is waiting, then stop")
    for name in ("deliveries", "show", "resend", "rotate-key", "forward"):
        hooks.choices[name].set_defaults(run=cmd_webhooks)

    clocks = _group(commands, "clock", "a space's clock: show it, move it forward (sandbox only)", "clock_command")
    show = _command(clocks, "show", "now on the space's clock, and its offset from the wall clock")
    advance = _command(clocks, "advance", "move the space's clock forward, running what falls due on the way")
    for sub in (show, advance):
        sub.add_argument("--space", type=int, required=True, metavar="ID", help="the space whose clock it is")
        sub.add_argument("--json", action="store_true", help="print one JSON object")
        sub.set_defaults(run=cmd_clock)
    how_far = advance.add_mutually_exclusive_group(required=True)
    how_far.add_argument("--by", metavar="DURATION",
                         help="seconds, an ISO-8601 duration (P30D, P1M, PT12H) or 90s, 15m, 12h, 30d, 2w, 3mo, 1y")
    how_far.add_argument("--to", metavar="INSTANT",
                         help="an instant such as 2027-06-01T00:00:00Z, or now (the wall clock)")
    return parser


def _debugging(args) -> bool:
    return getattr(args, "debug", False) or os.environ.get("PAYSTEAD_DEBUG", "").strip().lower() in (
        "1", "true", "yes", "on")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SetupError as error:
        if _debugging(args):
            traceback.print_exc()
        print(f"paystead: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
