"""Dashboard sessions that speak Streamlit's websocket protocol, with no browser: cheap for the client, so a load
test's figures describe the servers.

Each session does what Streamlit's own client does over the network, in the same order:
- GET the page through nginx, which sets its sticky cookie (and says which replica answered), then the client's two
  start-up requests, `_stcore/health` and `_stcore/host-config`, with the cookies received;
- open `<base>/_stcore/stream` with those cookies, the page's origin and the subprotocols the client sends
  (`streamlit`, then the XSRF cookie's value or the client's placeholder);
- ask for a script run with a `BackMsg` holding `rerun_script` (the page's query string, the widget states it holds,
  the page's script hash once known, the hashes of the messages it has cached, the browser's context), and read
  `ForwardMsg`s until `script_finished`. Messages sent by reference (`ref_hash`) are taken from a cache kept as the
  client keeps it (`ForwardMessageCache`: a message not used for `max_cached_message_age` runs is dropped).

A session's first run is its load. It then changes the section as a person does in the sidebar: the section radio
(found by its key in the first run's elements) gets the new section's label, and every other widget's state goes
with it as the browser holds it (its value from the element the server sent, kept until the server sets another;
the states of widgets gone from the last run are dropped). A change counts as switched only if the run changed the
page's URL to the new section (`page_info_changed`) and the text panel's headings are the new section's.

A run that ends other than `FINISHED_SUCCESSFULLY`, shows an exception element, refers to a message the cache does
not hold, or takes longer than the timeout is an error, with its message.

Not exercised: rendering and the browser's own work; the map component's messages (st_folium sends the map's state
as a component value and asks for a rerun when it loads; this client sends no component value), the chronology
chart's selection, file uploads and downloads, and the static files (scripts, the basemap, the feature document).
"""

from __future__ import annotations

import asyncio
import random
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

from google.protobuf.message import Message
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from dashboard import config as c
from dashboard.core.viewstate import WHOLE_ARTICLE

STREAM = "_stcore/stream"
SUBPROTOCOL = "streamlit"
NO_XSRF_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what Streamlit's client sends when it has no XSRF cookie
XSRF_COOKIE = "_streamlit_xsrf"
REPLICA_HEADER = "X-Briefing-Replica"  # set by deploy/nginx.conf.template
SECTION_PARAM = "section"  # the URL parameter the app writes the section to (ViewState.section's alias)
RERUN_TIMEOUT_S = 60.0  # a run slower than this is an error
MAX_MESSAGE_BYTES = 256 * 2**20
DEFAULT_CACHE_AGE = 2  # Streamlit's global.maxCachedMessageAge; the new_session message says the server's
FINISHED = ForwardMsg.ScriptFinishedStatus.Name(ForwardMsg.FINISHED_SUCCESSFULLY)
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN
CONTEXT = {"timezone": "UTC", "timezone_offset": 0, "locale": "en-GB", "color_scheme": "light"}
THINK_S = (1.0, 2.0)  # a person's pause between two changes, drawn uniformly
MAX_CHANGES = 500  # per session: a bound on the count as well as on the time
# The widgets whose state the client holds and sends with each rerun (with stateful expanders).
MODELLED = ("radio", "selectbox", "checkbox", "multiselect", "slider", "text_input", "text_area", "color_picker")


@dataclass(frozen=True)
class Section:
    """A section as the session chooses it: its id (in the URL), its label (in the radio) and its headings."""

    id: str
    label: str
    headings: tuple[str, ...]


@dataclass
class Run:
    """One script run as the client saw it."""

    kind: str  # "load" or "change"
    section: str | None  # the section asked for (a change)
    seconds: float | None = None  # rerun sent to script_finished received
    bytes: int = 0  # ForwardMsg payload bytes received for the run
    messages: int = 0
    status: str | None = None
    query_string: str | None = None  # the page's new URL query, if the run changed it
    headings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    switched: bool | None = None  # a change: the URL and the text panel name the new section


def _has(message: Message, name: str) -> bool:
    """Whether a field is set (always true for a field without presence, as the client reads it)."""
    return message.HasField(name) if message.DESCRIPTOR.fields_by_name[name].has_presence else True


def _state(widget_id: str, kind: str, value: Any) -> WidgetState:
    """A WidgetState of one value type."""
    state = WidgetState(id=widget_id)
    if kind in ("string_array_value", "double_array_value"):
        getattr(state, kind).data.extend(value)
    else:
        setattr(state, kind, value)
    return state


def widget_state(kind: str, element: Message, known: WidgetState | None) -> WidgetState | None:
    """The state the client holds for a widget once the server has sent its element (one of MODELLED); None for none.

    A value the server sets (`set_value`) replaces the client's; otherwise the client keeps what it held, or starts
    from the element's default.
    """
    if not element.set_value and known is not None:
        return known
    if kind in ("radio", "selectbox"):
        if element.set_value:
            return _state(element.id, "string_value", element.raw_value) if element.HasField("raw_value") else None
        ok = element.HasField("default") and 0 <= element.default < len(element.options)
        return _state(element.id, "string_value", element.options[element.default]) if ok else None
    if kind == "checkbox":
        return _state(element.id, "bool_value", element.value if element.set_value else element.default)
    if kind == "multiselect":
        values = element.raw_values if element.set_value else [element.options[i] for i in element.default]
        return _state(element.id, "string_array_value", list(values))
    if kind == "slider":
        return _state(element.id, "double_array_value", list(element.value if element.set_value else element.default))
    name = "value" if element.set_value else "default"  # text_input, text_area, color_picker
    return _state(element.id, "string_value", getattr(element, name)) if _has(element, name) else None


class MessageCache:
    """The client's cache of ForwardMsgs the server may send again by reference (`ref_hash`)."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[bytes, int]] = {}  # hash: (payload, the run count when last used)
        self.runs = 0

    def resolve(self, msg: ForwardMsg, payload: bytes) -> ForwardMsg:
        """The message itself, kept if cacheable; or, for a reference, the message it refers to (KeyError if absent)."""
        if msg.WhichOneof("type") == "ref_hash":
            cached, _ = self.entries[msg.ref_hash]
            self.entries[msg.ref_hash] = (cached, self.runs)
            full = ForwardMsg.FromString(cached)
            full.metadata.CopyFrom(msg.metadata)
            return full
        if msg.metadata.cacheable and msg.hash:
            self.entries[msg.hash] = (self.entries.get(msg.hash, (payload, 0))[0], self.runs)
        return msg

    def finished(self, max_age: int) -> None:
        """A script run finished: age every entry and drop those unused for longer than max_age runs."""
        self.runs += 1
        self.entries = {h: (p, used) for h, (p, used) in self.entries.items() if self.runs - used <= max_age}

    def hashes(self) -> list[str]:
        """What the client tells the server it holds."""
        return list(self.entries)


class RunReader:
    """Reads one run's ForwardMsgs: the elements and widgets it sent, the URL it set, how it ended."""

    def __init__(self, run: Run, cache: MessageCache) -> None:
        self.run, self.cache = run, cache
        self.new_session: ForwardMsg | None = None  # a finished message counts only after the run's new_session
        self.widgets: list[tuple[str, Message]] = []  # (element type, element) with an id, in order
        self.untracked: set[str] = set()  # widget element types whose state is not modelled

    def feed(self, payload: bytes) -> bool:
        """Take one websocket message; True once the run has finished."""
        run = self.run
        run.bytes += len(payload)
        run.messages += 1
        msg = ForwardMsg.FromString(payload)
        try:
            msg = self.cache.resolve(msg, payload)
        except KeyError:
            run.errors.append(f"a message by reference the cache does not hold ({msg.ref_hash})")
            return False
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.new_session = msg
        elif kind == "page_info_changed":
            run.query_string = msg.page_info_changed.query_string
        elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
            run.errors.append(f"compile error: {msg.session_event.script_compilation_exception.message}")
        elif kind == "delta":
            self._delta(msg)
        elif kind == "script_finished" and self.new_session is not None:
            run.status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            if run.status != FINISHED:
                run.errors.append(f"script finished {run.status}")
            if msg.script_finished != EARLY:
                config = self.new_session.new_session.config
                self.cache.finished(config.max_cached_message_age or DEFAULT_CACHE_AGE)
            return True
        return False

    def _delta(self, msg: ForwardMsg) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") == "add_block":
            block = delta.add_block
            if block.WhichOneof("type") == "expandable" and block.expandable.id:  # a stateful expander
                self.widgets.append(("expandable", block.expandable))
            return
        if delta.WhichOneof("type") != "new_element":
            return
        kind = delta.new_element.WhichOneof("type")
        element = getattr(delta.new_element, kind) if kind else None
        if kind == "exception":
            self.run.errors.append(f"exception shown: {element.type}: {element.message[:300]}")
        elif kind == "heading":
            self.run.headings.append(element.body)
        elif element is not None and "id" in element.DESCRIPTOR.fields_by_name and element.id:
            self.widgets.append((kind, element))

    def states(self, held: dict[str, WidgetState]) -> dict[str, WidgetState]:
        """The widget states the client holds after this (finished) run: this run's widgets only."""
        out: dict[str, WidgetState] = {}
        for kind, element in self.widgets:
            if kind == "expandable":
                state = _state(element.id, "bool_value", element.expanded)
            elif kind in MODELLED:
                state = widget_state(kind, element, held.get(element.id))
            else:
                self.untracked.add(kind)
                state = None
            if state is not None:
                out[element.id] = state
        return out


class ProtocolSession:
    """One person's session through nginx, at the protocol level."""

    def __init__(
        self, base_url: str, query: str = "", cookies: dict[str, str] | None = None, timeout_s: float = RERUN_TIMEOUT_S
    ) -> None:
        self.base = base_url if base_url.endswith("/") else base_url + "/"
        self.query_string, self.timeout_s = query.lstrip("?"), timeout_s
        self.cookies: dict[str, str] = dict(cookies or {})  # a returning browser's, or none
        self.replica: str | None = None  # which replica nginx sent the page to
        self.stream_replica: str | None = None  # ... and the websocket
        self.socket: ClientConnection | None = None
        self.page_script_hash = ""
        self.states: dict[str, WidgetState] = {}
        self.cache = MessageCache()
        self.runs: list[Run] = []
        self.errors: list[str] = []  # outside any run: the page, the socket
        self.untracked: set[str] = set()
        self.section_widget: Message | None = None

    def _get(self, path: str) -> tuple[int, Any, bytes]:
        """One GET through nginx with the session's cookies; keeps the cookies it sets."""
        request = urllib.request.Request(self.base + path, headers={"Cookie": self._cookie_header()})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
        with opener.open(request, timeout=self.timeout_s) as response:
            body = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                self.cookies.update({name: morsel.value for name, morsel in jar.items()})
            return response.status, response.headers, body

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def connect(self) -> None:
        """The page, the client's start-up requests, then the websocket, all through nginx."""
        page = "?" + self.query_string if self.query_string else ""
        _, headers, _ = await asyncio.to_thread(self._get, page)
        self.replica = headers.get(REPLICA_HEADER)
        for path in ("_stcore/health", "_stcore/host-config"):
            await asyncio.to_thread(self._get, path)
        parts = urlsplit(self.base)
        uri = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}{parts.path}{STREAM}"
        token = self.cookies.get(XSRF_COOKIE, NO_XSRF_TOKEN)
        self.socket = await connect(
            uri,
            subprotocols=[SUBPROTOCOL, token],
            origin=f"{parts.scheme}://{parts.netloc}",
            additional_headers={"Cookie": self._cookie_header()},
            max_size=MAX_MESSAGE_BYTES,
            proxy=None,
            open_timeout=self.timeout_s,
        )
        self.stream_replica = self.socket.response.headers.get(REPLICA_HEADER) if self.socket.response else None
        if self.stream_replica != self.replica:
            self.errors.append(f"the websocket reached {self.stream_replica}, the page {self.replica}")

    def _rerun_message(self) -> bytes:
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query_string
        client.widget_states.widgets.extend(self.states.values())
        client.page_script_hash = self.page_script_hash
        client.cached_message_hashes.extend(self.cache.hashes())
        client.context_info.url = self.base + ("?" + self.query_string if self.query_string else "")
        for name, value in CONTEXT.items():
            setattr(client.context_info, name, value)
        return msg.SerializeToString()

    async def rerun(self, kind: str, section: str | None = None) -> Run:
        """Ask for a script run with the widget states held now, and read it to its end."""
        run = Run(kind, section)
        self.runs.append(run)
        reader = RunReader(run, self.cache)
        started = time.perf_counter()
        try:
            await self.socket.send(self._rerun_message())
            end = started + self.timeout_s
            while not reader.feed(await asyncio.wait_for(self.socket.recv(), max(0.0, end - time.perf_counter()))):
                pass
        except TimeoutError:
            run.errors.append(f"no script_finished within {self.timeout_s:g} s")
            return run
        except WebSocketException as exc:
            run.errors.append(f"websocket: {type(exc).__name__}: {exc}")
            return run
        run.seconds = time.perf_counter() - started
        if reader.new_session is not None:
            self.page_script_hash = reader.new_session.new_session.page_script_hash
        if run.query_string is not None:
            self.query_string = run.query_string  # the browser's URL follows page_info_changed
        if run.status == FINISHED:
            self.states = reader.states(self.states)
            self.untracked |= reader.untracked
            for element_kind, element in reader.widgets:
                if element_kind == "radio" and element.id.endswith("-" + c.KEY_SECTION):
                    self.section_widget = element
        return run

    async def load(self) -> Run:
        """The first run, as the client asks for it once its websocket is open."""
        run = await self.rerun("load")
        if run.status == FINISHED and self.section_widget is None:
            run.errors.append(f"no section radio (key {c.KEY_SECTION}) among the first run's widgets")
        return run

    async def change(self, section: Section) -> Run:
        """Choose a section in the sidebar's radio, as a click does; check the page shows it."""
        radio = self.section_widget
        if radio is None or section.label not in radio.options:
            run = Run("change", section.id, errors=[f"the section radio has no option {section.label!r}"])
            self.runs.append(run)
            return run
        self.states[radio.id] = _state(radio.id, "string_value", section.label)
        run = await self.rerun("change", section.id)
        if run.status == FINISHED:
            run.switched = switched(run, section)
            if not run.switched:
                run.errors.append(
                    f"{section.id}: the run did not switch the section (URL {run.query_string!r}, "
                    f"headings {run.headings[:4]})"
                )
        return run

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


def switched(run: Run, section: Section) -> bool:
    """Whether a finished run shows the section: the URL it set names it, the text panel's headings are its own."""
    if run.query_string is None:
        return False
    in_url = parse_qs(run.query_string).get(SECTION_PARAM, [WHOLE_ARTICLE])[0]
    return in_url == section.id and all(h in run.headings for h in section.headings)


def sections_of(article: Any) -> list[Section]:
    """The whole article, then each section: as the radio labels them, and the headings the text panel shows."""
    titles = tuple(s.title for s in article.sections)
    return [
        Section(WHOLE_ARTICLE, c.WHOLE_ARTICLE_LABEL, titles),
        *(Section(s.id, s.title, (s.title,)) for s in article.sections),
    ]


async def drive(session: ProtocolSession, sections: list[Section], offset: int, end: float, seed: int) -> None:
    """Change the section until the end or MAX_CHANGES, pausing as a person does; no change starts after the end."""
    rng = random.Random(seed)
    rest = sections[1:]
    order = [sections[0], *rest[offset % len(rest) :], *rest[: offset % len(rest)]]  # starts where the page is
    for k in range(1, MAX_CHANGES + 1):
        pause = rng.uniform(*THINK_S)
        if time.monotonic() + pause >= end:
            break
        await asyncio.sleep(pause)
        run = await session.change(order[k % len(order)])
        if run.seconds is None and run.status is None:  # the socket is gone or stuck: stop this person
            break
