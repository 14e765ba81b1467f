"""The desk: a local web UI over the ledger (`redline serve`).

FastAPI with server-rendered pages; every view has its own URL, every list is
paginated, and there is no JavaScript at all (forms post, pages render).

Security, because documents are hostile input and the server holds a leak:
- Jinja2 autoescape everywhere (see `templating`); charts and snippets are escaped
  before they become Markup.
- Every response carries a Content-Security-Policy with no script sources at all,
  no inline styles and no external origins, plus nosniff, same-origin referrers and
  deny-framing.
- The server binds 127.0.0.1 by default and refuses any other address without an
  access token; with a token, every request must carry it (header, cookie, or once in
  the query string, after which a cookie is set and the token is stripped from the URL).
- The Host header must name this server (a DNS-rebinding page cannot read the desk).
- State-changing requests are POST only and need the CSRF token embedded in forms,
  plus a same-origin Origin header when the browser sends one.
- Original files are served only for documents in the ledger, as attachments of type
  application/octet-stream.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from redline.present import views
from redline.present.charts import figures_chart, legend, timeline_chart
from redline.present.templating import STATIC, environment
from redline.schema import DOCUMENT_KINDS, RELATIONS, EntityOverride, stable_id
from redline.store import open_ledger
from redline.store.base import Ledger, now

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; script-src 'none'; "
       "connect-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts,
    # which the CSRF check must refuse.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
TOKEN_COOKIE = "redline_token"
TOKEN_HEADER = "x-redline-token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def create_app(db: str | Ledger, token: str | None = None, bind_host: str = "127.0.0.1",
               user: str | None = None) -> FastAPI:
    """The desk as an ASGI app over one ledger (a path/URL, or an open Ledger)."""
    ledger = open_ledger(db) if isinstance(db, str) else db
    ledger_name = views.ledger_name(db)  # never the password of a database URL
    env = environment()
    csrf_token = secrets.token_urlsafe(32)
    reviewer = user or os.environ.get("USER") or "desk"
    app = FastAPI(title="redline desk", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.ledger = ledger
    app.state.csrf = csrf_token
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def render(name: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("section", "/" + request.url.path.strip("/").split("/")[0] if request.url.path != "/" else "/")
        context.setdefault("query", "")
        t0 = time.perf_counter()
        html = env.get_template(name).render(ledger_name=str(ledger_name), csrf=csrf_token, **context)
        response = HTMLResponse(html, status_code=status)
        response.headers["Server-Timing"] = f"render;dur={(time.perf_counter() - t0) * 1000:.1f}"
        return response

    def not_found(request: Request, what: str) -> HTMLResponse:
        return render("error.html", request, status=404, code=404, message=f"No such {what}")

    # -- guards: host, token, headers ------------------------------------------------

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if is_loopback(bind_host) and not is_loopback(_host_name(request.headers.get("host", ""))):
            return _secure(Response("Unknown host", status_code=421, media_type="text/plain"))
        if token:
            given = (request.headers.get(TOKEN_HEADER) or request.cookies.get(TOKEN_COOKIE)
                     or request.query_params.get("token") or "")
            if not hmac.compare_digest(given.encode(), token.encode()):
                return _secure(Response("Access token required: open the address redline serve printed.",
                                        status_code=401, media_type="text/plain"))
            if "token" in request.query_params:
                # Trade the token in the URL for a cookie, and take it out of the address bar.
                rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                target = request.url.path + (("?" + urlencode(rest)) if rest else "")
                response = RedirectResponse(target, status_code=303)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
                return _secure(response)
        response = await call_next(request)
        return _secure(response)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = "Page not found" if exc.status_code == 404 else str(exc.detail)
        return render("error.html", request, status=exc.status_code, code=exc.status_code, message=message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return render("error.html", request, status=400, code=400,
                      message="That address has a parameter this page does not understand")

    def check_csrf(request: Request, given: str) -> None:
        if not hmac.compare_digest((given or "").encode(), csrf_token.encode()):
            raise StarletteHTTPException(403, "The form has expired or did not come from this desk; reload the page.")
        origin = request.headers.get("origin")
        if origin and origin != "null":
            expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
            if origin != expected:
                raise StarletteHTTPException(403, "Cross-origin request refused")
        elif origin == "null":
            raise StarletteHTTPException(403, "Cross-origin request refused")

    # -- pages -------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def overview_page(request: Request):
        return render("overview.html", request, o=views.overview(ledger))

    @app.get("/findings", response_class=HTMLResponse)
    def findings_page(request: Request, relation: str = "", entity: str = "", kind: str = "", verdict: str = "",
                      min_score: str = "", sort: str = "score", page: int = 1):
        filters = {
            "relation": relation if relation in RELATIONS else None,
            "entity": entity.strip() or None,
            "source_kind": kind if kind in DOCUMENT_KINDS else None,
            "verdict": verdict if verdict in views.VERDICT_FILTERS else None,
            "min_score": _float(min_score),
        }
        page = max(1, page)
        offset = (page - 1) * views.PAGE_SIZE
        total = views.count_findings(ledger, **filters)
        rows = views.finding_rows(ledger, **filters, sort=sort if sort in views.SORTS else "score",
                                  limit=views.PAGE_SIZE, offset=offset)
        shown = {"relation": filters["relation"], "entity": filters["entity"], "kind": filters["source_kind"],
                 "verdict": filters["verdict"], "min_score": filters["min_score"], "sort": sort}
        unknown_entity = bool(filters["entity"] and not total and not views.entity_ids(ledger, filters["entity"]))
        return render("findings.html", request, rows=rows, total=total, offset=offset, f=shown,
                      unknown_entity=unknown_entity,
                      filtered=any(v is not None for v in filters.values()), relations=views.RELATION_ORDER,
                      entity_names=views.entity_names(ledger),
                      kinds=DOCUMENT_KINDS, **_pager(request, page, total))

    @app.get("/findings/{finding_id}", response_class=HTMLResponse)
    def finding_page(request: Request, finding_id: str, advance: str = ""):
        detail = views.finding_detail(ledger, finding_id)
        if detail is None:
            return not_found(request, "finding")
        return render("finding.html", request, d=detail, section="/findings", advance=bool(advance))

    @app.post("/findings/{finding_id}/verdict")
    def finding_verdict(request: Request, finding_id: str, verdict: str = Form(...), note: str = Form(""),
                        csrf: str = Form(""), then: str = Form(""), advance: str = Form("")):
        check_csrf(request, csrf)
        if verdict not in ("confirmed", "rejected", "clear"):
            raise StarletteHTTPException(400, "A verdict is confirmed, rejected or clear")
        if not ledger.execute("SELECT 1 AS x FROM findings WHERE id = ?", (finding_id,)):
            raise StarletteHTTPException(404, "No such finding")
        ledger.set_verdict(finding_id, None if verdict == "clear" else verdict, note.strip() or None, reviewer)
        if advance and then:
            return RedirectResponse(views.url("/findings", then, "?advance=1"), status_code=303)
        return RedirectResponse(views.url("/findings", finding_id), status_code=303)

    @app.get("/documents", response_class=HTMLResponse)
    def documents_page(request: Request, kind: str = "", outlet: str = "", page: int = 1):
        page = max(1, page)
        offset = (page - 1) * views.PAGE_SIZE
        rows, total = views.document_rows(ledger, kind=kind or None, outlet=outlet or None, offset=offset)
        return render("documents.html", request, rows=rows, total=total, offset=offset,
                      f={"kind": kind or None, "outlet": outlet or None}, kinds=DOCUMENT_KINDS,
                      outlets=views.outlets(ledger), **_pager(request, page, total))

    @app.get("/documents/{document_id}", response_class=HTMLResponse)
    def document_page(request: Request, document_id: str, hl: str = ""):
        highlight = None
        if hl:
            try:
                start, end = (int(x) for x in hl.split("-", 1))
                highlight = (start, end) if 0 <= start < end else None
            except ValueError:
                highlight = None
        view = views.document_view(ledger, document_id, highlight=highlight)
        if view is None:
            return not_found(request, "document")
        return render("document.html", request, v=view, section="/documents")

    @app.get("/documents/{document_id}/original")
    def original(document_id: str):
        path = views.original_file(ledger, document_id)
        if path is None:
            raise StarletteHTTPException(404, "The original file is not available")
        response = FileResponse(path, media_type="application/octet-stream", filename=Path(path).name,
                                content_disposition_type="attachment")
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    @app.get("/entities", response_class=HTMLResponse)
    def entities_page(request: Request, q: str = "", page: int = 1):
        page = max(1, page)
        offset = (page - 1) * views.PAGE_SIZE
        rows, total = views.entity_rows(ledger, query=q.strip() or None, offset=offset)
        return render("entities.html", request, rows=rows, total=total, offset=offset, q=q,
                      **_pager(request, page, total))

    @app.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity_page(request: Request, entity_id: str, merged: str = ""):
        view = views.entity_view(ledger, entity_id)
        if view is None:
            return not_found(request, "entity")
        svg = timeline_chart(view["timeline"], link=lambda it: it["link"]) if view["timeline"] else ""
        return render("entity.html", request, v=view, timeline_svg=svg, section="/entities", merged=merged)

    @app.post("/entities/{entity_id}/merge")
    def entity_merge(request: Request, entity_id: str, other: str = Form(...), csrf: str = Form("")):
        check_csrf(request, csrf)
        if views.entity_view(ledger, entity_id, limit=1) is None:
            raise StarletteHTTPException(404, "No such entity")
        candidates = [i for i in views.entity_ids(ledger, other) if i != entity_id]
        if len(candidates) != 1:
            raise StarletteHTTPException(400, f"{len(candidates)} entities are called that; give the exact name or id")
        ledger.upsert([EntityOverride(id=stable_id("merge", entity_id, candidates[0]), action="merge",
                                      entity_id=entity_id, other=candidates[0], by=reviewer, at=now())])
        return RedirectResponse(views.url("/entities", entity_id, "?merged=1"), status_code=303)

    @app.get("/report.html")
    def report_download():
        from redline.present.report import render_report

        html = render_report(ledger)
        return Response(html, media_type="text/html; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="redline-report.html"'})

    @app.get("/export.json")
    def export_download():
        from starlette.background import BackgroundTask

        from redline.present.export import export_json

        # Written to a temporary file first: the export streams from the ledger in batches.
        handle, tmp = tempfile.mkstemp(prefix="redline-export-", suffix=".json")
        os.close(handle)
        export_json(ledger, tmp)
        return FileResponse(tmp, media_type="application/json", filename="redline-export.json",
                            background=BackgroundTask(os.unlink, tmp))

    @app.get("/claimreview.json")
    def claimreview_download():
        from redline.present.export import claimreviews

        return Response(json.dumps(claimreviews(ledger), ensure_ascii=False, indent=2), media_type="application/json",
                        headers={"Content-Disposition": 'attachment; filename="redline-claimreview.json"'})

    @app.get("/figures", response_class=HTMLResponse)
    def figures_page(request: Request, measure: str = "", counted: str | None = None, place: str | None = None):
        if not measure:
            groups = views.figure_groups(ledger)
            return render("figures.html", request, measure=None, groups=groups,
                          any_place=any(g["place"] for g in groups))
        series = views.figure_series(ledger, measure, counted, place=place)
        chart = figures_chart(series, link=lambda r: views.url("/documents", r["document_id"], f"#q-{r['id']}"),
                              title=" ".join(p for p in (measure, counted, place and f"in {place}") if p))
        counted_as = list(dict.fromkeys(r["counted"] for r in series if r["counted"]))
        return render("figures.html", request, measure=measure, counted=counted, place=place, series=series,
                      chart=chart, counted_as=counted_as, legend=legend([r["kind"] for r in series]))

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page(request: Request, kind: str = "", entity: str = "", since: str = "", until: str = ""):
        limit = 400
        since_date, until_date = views.parse_date(since), views.parse_date(until)
        items = views.timeline_items(ledger, kind=kind if kind in DOCUMENT_KINDS else None,
                                     entity=entity.strip() or None,
                                     since=since_date.isoformat() if since_date else None,
                                     until=until.strip() if until_date else None, limit=limit)
        chart = timeline_chart(items, link=lambda it: it["link"])
        return render("timeline.html", request, items=items, chart=chart, kind=kind, entity=entity,
                      since=since if since_date else "", until=until if until_date else "",
                      kinds=DOCUMENT_KINDS, limit=limit, entity_names=views.entity_names(ledger))

    @app.get("/search", response_class=HTMLResponse)
    def search_page(request: Request, q: str = ""):
        return render("search.html", request, query=q, hits=views.search(ledger, q), section="/search")

    return app


def _host_name(header: str) -> str:
    """The host part of a Host header: 'localhost:8765' -> 'localhost', '[::1]:80' -> '[::1]'."""
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0]


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _float(value: str) -> float | None:
    try:
        return float(value) if value.strip() else None
    except ValueError:
        return None


def _pager(request: Request, page: int, total: int) -> dict[str, Any]:
    def page_url(n: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"] + [("page", str(n))]
        return request.url.path + "?" + urlencode(params)

    has_next = page * views.PAGE_SIZE < total
    return {"page_size": views.PAGE_SIZE, "prev_url": page_url(page - 1) if page > 1 else None,
            "next_url": page_url(page + 1) if has_next else None}


def serve(db: str, host: str = "127.0.0.1", port: int = 8765, token: str | None = None) -> None:
    """Run the desk until interrupted; refuses a non-loopback address without a token."""
    import uvicorn

    if not is_loopback(host) and not token:
        print(f"error: refusing to serve on {host} without an access token: anyone on the network could read "
              "the ledger. Pass --token (or set REDLINE_TOKEN), or bind 127.0.0.1.", file=sys.stderr)
        raise SystemExit(2)
    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).exists():
        print(f"error: no ledger at {db}; run `redline ingest` first or pass --db", file=sys.stderr)
        raise SystemExit(2)
    app = create_app(db, token=token, bind_host=host)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"redline desk on {address}  (Ctrl-C to stop)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@contextmanager
def serving(app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run an app with uvicorn in a background thread; yields its base URL, stops it on exit.

    For tests, benchmarks and screenshots: port 0 picks a free port.
    """
    import socket
    import threading

    import uvicorn

    if port == 0:
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="redline-desk", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the desk did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
