"""The dashboard's HTTP API (under /api, token-checked) and its static front end."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import secrets
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from fastapi import FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from ..api import prepare, simulate
from ..core import InputError
from ..report import compare_payload, from_tables, load_run, payload_for
from ..report.compare import ensemble_payload
from ..report.page import asset, plotly_js
from ..scenarios import DEFAULT, Scenario, builtin_names, load
from .body import BodyLimit
from .meta import param_rows, presets
from .runs import RunManager, past_run

STATIC = resources.files(__package__) / "static"
ID_PATTERN = r"^[0-9a-f]{12}$"
RunId = PathParam(pattern=ID_PATTERN, description="A run id the server generated.")
MAX_STEPS = 100_000
MAX_SEEDS = 20
ENSEMBLE_SCALE = 0.05
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# report.html inlines its scripts (it must open from disk), so it may run those and reach nothing.
REPORT_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
              "base-uri 'none'; form-action 'none'")


@dataclass
class Settings:
    """Server configuration chosen at startup (never from requests)."""

    runs_dir: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    workers: int = 1
    names: Callable[[], list[str]] = builtin_names
    loader: Callable[[str], Scenario] = load


class RunRequest(BaseModel):
    """A run to start: a built-in scenario by name and parameter values within their bounds."""

    model_config = ConfigDict(extra="forbid")
    scenario: str = Field(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    params: dict[str, float | int | bool | str] = Field(default_factory=dict, max_length=200)
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1)
    steps: int | None = Field(default=None, ge=1, le=MAX_STEPS)


class EnsembleRequest(BaseModel):
    """Two settings of one scenario, each run over the same ``seeds`` consecutive seeds at a small scale."""

    model_config = ConfigDict(extra="forbid")
    scenario: str = Field(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    a: dict[str, float | int | bool | str] = Field(default_factory=dict, max_length=200)
    b: dict[str, float | int | bool | str] = Field(default_factory=dict, max_length=200)
    seeds: int = Field(default=10, ge=2, le=MAX_SEEDS)
    steps: int | None = Field(default=None, ge=1, le=MAX_STEPS)


def invalid(side: str, field_name: str, reason: str) -> HTTPException:
    """A 422 naming the setting (``a`` or ``b``) and the field of an ensemble request."""
    return HTTPException(422, [{"loc": ["body", side, field_name], "msg": reason, "type": "value_error"}])


def unprocessable(field_name: str, reason: str) -> HTTPException:
    """A 422 shaped like FastAPI's own validation errors."""
    return HTTPException(422, [{"loc": ["body", "params", field_name], "msg": reason, "type": "value_error"}])


def create_app(settings: Settings) -> FastAPI:
    """The dashboard application; every /api route needs the token (header X-Token or ?token=)."""
    settings.runs_dir.mkdir(parents=True, exist_ok=True)
    manager = RunManager(settings.runs_dir, settings.workers)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
        manager.shutdown()

    app = FastAPI(
        title="dualpower", openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None, lifespan=lifespan
    )
    app.state.settings, app.state.manager = settings, manager
    add_error_handlers(app)
    app.add_middleware(BodyLimit)

    @app.middleware("http")
    async def require_token(request: Request, call_next):
        if request.url.path.startswith("/api"):
            given = request.headers.get("x-token") or request.query_params.get("token") or ""
            if not secrets.compare_digest(given.encode(), settings.token.encode()):
                return JSONResponse({"detail": "missing or wrong token"}, status_code=401)
        return await call_next(request)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    add_pages(app)
    add_scenario_routes(app, settings)
    add_run_routes(app, settings, manager)
    return app


def add_error_handlers(app: FastAPI) -> None:
    """Bad input is a 4xx naming the field, never a 500: the offending value is not echoed (it may be NaN,
    which JSON cannot carry), and an unreadable run folder names its file."""

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        keep = ("type", "loc", "msg")
        return JSONResponse({"detail": [{k: e[k] for k in keep if k in e} for e in err.errors()]}, status_code=422)

    @app.exception_handler(InputError)
    async def unreadable(_: Request, err: InputError) -> JSONResponse:
        return JSONResponse({"detail": err.line}, status_code=422)


def add_pages(app: FastAPI) -> None:
    """The front end: page, script, styles, plotly.js and the shared renderer, all from the package."""
    files = {"app.js": "application/javascript", "dashboard.css": "text/css"}

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name == "plotly.min.js":
            return Response(
                plotly_js(), media_type="application/javascript", headers={"Cache-Control": "max-age=86400"}
            )
        if name in ("render.js", "report.css"):
            return Response(asset(name), media_type="application/javascript" if name.endswith(".js") else "text/css")
        if name not in files:
            raise HTTPException(404, "no such file")
        return Response((STATIC / name).read_text(encoding="utf-8"), media_type=files[name])


def scenario_or_404(settings: Settings, name: str) -> Scenario:
    """A built-in scenario by name; anything else (paths included) is 404."""
    if name not in settings.names():
        raise HTTPException(404, f"unknown scenario {name!r}")
    return settings.loader(name)


def add_scenario_routes(app: FastAPI, settings: Settings) -> None:
    """Scenario listing and each scenario's parameter definitions (what the sliders are built from)."""

    @app.get("/api/scenarios")
    def scenarios() -> list[dict[str, Any]]:
        out = []
        for name in settings.names():
            sc = settings.loader(name)
            out.append({"name": name, "model": sc.model.name, "steps": sc.steps, "description": sc.description,
                        "default": name == DEFAULT})
        return out

    @app.get("/api/scenarios/{name}")
    def scenario(name: str) -> dict[str, Any]:
        sc = scenario_or_404(settings, name)
        return {
            "name": name,
            "model": sc.model.name,
            "steps": sc.steps,
            "seed": sc.seed,
            "description": sc.description,
            "params": param_rows(sc),
            "presets": presets(sc),
            "max_steps": MAX_STEPS,
        }


def add_run_routes(app: FastAPI, settings: Settings, manager: RunManager) -> None:
    """Start, list, watch, cancel, compare and download runs."""

    @app.post("/api/runs", status_code=202)
    def start(req: RunRequest) -> dict[str, Any]:
        sc = scenario_or_404(settings, req.scenario)
        try:
            sc, params, steps = prepare(sc, req.steps, req.params, source="request")
        except InputError as err:
            raise unprocessable(err.field, err.reason) from None
        return manager.submit(sc, params, steps, req.seed).info()

    @app.get("/api/runs")
    def runs() -> list[dict[str, Any]]:
        return manager.listing()

    @app.get("/api/runs/{run_id}")
    def status(run_id: str = RunId) -> dict[str, Any]:
        return lookup(manager, run_id)

    @app.post("/api/runs/{run_id}/cancel")
    def cancel(run_id: str = RunId) -> dict[str, Any]:
        lookup(manager, run_id)
        return {"cancelled": manager.cancel(run_id)}

    @app.get("/api/runs/{run_id}/stream")
    async def stream(run_id: str = RunId) -> StreamingResponse:
        lookup(manager, run_id)
        return StreamingResponse(
            events(manager, run_id), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    add_result_routes(app, manager)
    add_ensemble_route(app, settings)


def add_ensemble_route(app: FastAPI, settings: Settings) -> None:
    """Compare two settings over many seeds (one ensemble at a time; small scale only, so it takes seconds)."""
    busy = asyncio.Lock()

    @app.post("/api/ensemble")
    async def ensemble(req: EnsembleRequest) -> Response:
        sc = scenario_or_404(settings, req.scenario)
        prepared = []
        for side, values in (("a", req.a), ("b", req.b)):
            try:
                _, params, steps = prepare(sc, req.steps, values, source="request")
            except InputError as err:
                raise invalid(side, err.field, err.reason) from None
            if getattr(params, "scale", 0) > ENSEMBLE_SCALE:
                raise invalid(side, "scale", f"ensembles run at scale {ENSEMBLE_SCALE} or less")
            prepared.append((params, steps))
        if busy.locked():
            raise HTTPException(429, "an ensemble is already running")
        async with busy:
            body = await run_in_threadpool(ensemble_body, sc, prepared, req.seeds)
        return Response(json.dumps(body, default=str), media_type="application/json")


def add_result_routes(app: FastAPI, manager: RunManager) -> None:
    """Routes over completed runs' folders: payload, report, zip, comparison."""

    @app.get("/api/runs/{run_id}/payload")
    async def payload(run_id: str = RunId) -> Response:
        return Response(
            json.dumps(await run_in_threadpool(payload_for, done_folder(manager, run_id)), default=str),
            media_type="application/json",
        )

    @app.get("/api/runs/{run_id}/report")
    def report(run_id: str = RunId) -> FileResponse:
        path = done_folder(manager, run_id) / "report.html"
        if not path.is_file():
            raise HTTPException(404, "this run has no report")
        return FileResponse(path, media_type="text/html", headers={"Content-Security-Policy": REPORT_CSP})

    @app.get("/api/runs/{run_id}/zip")
    def download(run_id: str = RunId) -> Response:
        folder = done_folder(manager, run_id)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(folder.iterdir()):
                if f.is_file():
                    zf.write(f, f"{run_id}/{f.name}")
        return Response(
            buf.getvalue(),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="dualpower-{run_id}.zip"'},
        )

    @app.get("/api/compare")
    async def compare(a: str = Query(pattern=ID_PATTERN), b: str = Query(pattern=ID_PATTERN)) -> Response:
        runs = [load_run(done_folder(manager, r)) for r in (a, b)]
        body = await run_in_threadpool(compare_payload, runs[0], runs[1], (f"A {a[:6]}", f"B {b[:6]}"))
        return Response(json.dumps(body, default=str), media_type="application/json")


def ensemble_body(sc: Scenario, prepared: list[tuple[Any, int]], seeds: int) -> dict:
    """Run both settings over seeds first, first + 1, ... and build the band comparison."""
    first = sc.seed or 0
    sets = [
        [
            from_tables(r.timeseries, r.tables, r.manifest)
            for r in (simulate(sc, seed=first + i, steps=steps, params=params) for i in range(seeds))
        ]
        for params, steps in prepared
    ]
    return ensemble_payload(sets[0], sets[1], ("A", "B"))


def lookup(manager: RunManager, run_id: str) -> dict[str, Any]:
    """A run's status, or 404."""
    if run_id in manager.live:
        return manager.live[run_id].info()
    folder = manager.finished(run_id)
    if folder is None:
        raise HTTPException(404, "unknown run")
    return past_run(folder)


def done_folder(manager: RunManager, run_id: str) -> Path:
    """The folder of a completed run, or 404."""
    folder = manager.finished(run_id)
    if folder is None:
        raise HTTPException(404, "run not finished or unknown")
    return folder


async def events(manager: RunManager, run_id: str, tick: float = 0.1, every: float = 0.5):
    """Server-sent events: progress on every change, partial data at most every ``every`` seconds, then end."""
    live = manager.live.get(run_id)
    if live is None:
        yield sse("end", lookup(manager, run_id))
        return
    last_done, last_rows, last_push = -1, 0, 0.0
    loop = asyncio.get_running_loop()
    while True:
        info = live.info()
        if info["done"] != last_done:
            last_done = info["done"]
            yield sse("progress", info)
        if len(live.rows) > last_rows and loop.time() - last_push >= every:
            last_rows, last_push = len(live.rows), loop.time()
            yield sse("data", await run_in_threadpool(live.partial))
        if info["status"] not in ("queued", "running"):
            yield sse("end", live.info())
            return
        await asyncio.sleep(tick)


def sse(event: str, data: Any) -> str:
    """One server-sent event."""
    return f"event: {event}\ndata: {json.dumps(data, default=str, separators=(',', ':'))}\n\n"
