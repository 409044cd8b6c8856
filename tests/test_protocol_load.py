"""The load test's protocol-level client (benchmarks/protocol_sessions.py): how it reads Streamlit's messages, and a
short run of it through nginx against two replicas, as benchmarks/replicas.py runs it.
"""

from __future__ import annotations

import asyncio
import sys

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from test_deploy import IN_CI, MISSING, SHIPPED, get, replicas  # noqa: F401 - replicas is the setup's fixture

from dashboard.config import DATA_ROOT, KEY_SECTION, ROOT
from dashboard.data.bundles import load_bundle

sys.path.insert(0, str(ROOT / "benchmarks"))
import protocol_sessions as ps  # noqa: E402
from replicas import Replica, run_protocol  # noqa: E402

NEEDED = [what for what in MISSING if what != "Chromium"]  # no browser here
needs_setup = pytest.mark.skipif(bool(NEEDED) and not IN_CI, reason=f"needs {', '.join(NEEDED)} (scripts/run-tests.sh)")
SECTION_ID = f"$$ID-0123-{KEY_SECTION}"


def _new_session() -> bytes:
    msg = ForwardMsg()
    msg.new_session.page_script_hash = "page-hash"
    msg.new_session.config.max_cached_message_age = 2
    return msg.SerializeToString()


def _radio(value: str | None) -> bytes:
    msg = ForwardMsg()
    radio = msg.delta.new_element.radio
    radio.id, radio.label = SECTION_ID, "Section"
    radio.options[:] = ["Whole article", "Strikes"]
    radio.default = 0
    if value is not None:
        radio.set_value, radio.raw_value = True, value
    return msg.SerializeToString()


def _heading(body: str) -> bytes:
    msg = ForwardMsg()
    msg.delta.new_element.heading.body = body
    return msg.SerializeToString()


def _big(hash_: str) -> bytes:
    msg = ForwardMsg(hash=hash_)
    msg.metadata.cacheable = True
    msg.delta.new_element.markdown.body = "x" * 100
    return msg.SerializeToString()


def _ref(hash_: str) -> bytes:
    msg = ForwardMsg(ref_hash=hash_)
    msg.metadata.delta_path[:] = [0, 3]
    return msg.SerializeToString()


def _url(query: str) -> bytes:
    msg = ForwardMsg()
    msg.page_info_changed.query_string = query
    return msg.SerializeToString()


def _finished(status: int = ForwardMsg.FINISHED_SUCCESSFULLY) -> bytes:
    return ForwardMsg(script_finished=status).SerializeToString()


def _exception() -> bytes:
    msg = ForwardMsg()
    msg.delta.new_element.exception.type, msg.delta.new_element.exception.message = "KeyError", "'w_section'"
    return msg.SerializeToString()


def test_a_run_is_read_to_its_end_with_its_url_headings_widgets_and_cached_messages():
    cache = ps.MessageCache()
    run = ps.Run("change", "strikes")
    reader = ps.RunReader(run, cache)
    assert not reader.feed(_finished())  # a previous run's end, before this run's new_session: not this run's
    frames = [_new_session(), _url("section=strikes&z=7"), _big("h1"), _heading("Strikes"), _radio("Strikes")]
    assert [reader.feed(f) for f in frames] == [False] * 5
    assert reader.feed(_finished())
    assert (run.status, run.errors, run.query_string, run.headings) == (
        "FINISHED_SUCCESSFULLY",
        [],
        "section=strikes&z=7",
        ["Strikes"],
    )
    assert run.messages == 7 and run.bytes == sum(map(len, [_finished(), *frames, _finished()]))
    assert ps.switched(run, ps.Section("strikes", "Strikes", ("Strikes",)))
    assert not ps.switched(run, ps.Section("smuggling", "Smuggling", ("Smuggling",)))
    assert reader.states({})[SECTION_ID].string_value == "Strikes"
    assert cache.hashes() == ["h1"]

    again = ps.RunReader(ps.Run("change", None), cache)  # the next run refers to the cached message
    for frame in (_new_session(), _ref("h1"), _ref("missing"), _finished()):
        again.feed(frame)
    assert again.run.errors == ["a message by reference the cache does not hold (missing)"]
    cache.finished(2)
    assert cache.hashes() == ["h1"]
    cache.finished(2)  # unused for more than max_cached_message_age runs: dropped, as the client drops it
    assert cache.hashes() == []


def test_an_exception_or_an_unfinished_run_is_an_error():
    run = ps.Run("load", None)
    reader = ps.RunReader(run, ps.MessageCache())
    for frame in (_new_session(), _exception(), _finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN)):
        reader.feed(frame)
    assert run.errors == ["exception shown: KeyError: 'w_section'", "script finished FINISHED_EARLY_FOR_RERUN"]


def test_widget_states_follow_the_server_and_keep_what_the_client_holds():
    radio = ForwardMsg.FromString(_radio(None)).delta.new_element.radio
    assert ps.widget_state("radio", radio, None).string_value == "Whole article"  # the default
    held = WidgetState(id=SECTION_ID, string_value="Strikes")
    assert ps.widget_state("radio", radio, held) is held  # the user's choice stays until the server sets one
    assert ps.widget_state("radio", ForwardMsg.FromString(_radio("Whole article")).delta.new_element.radio, held) == (
        WidgetState(id=SECTION_ID, string_value="Whole article")
    )
    checkbox = ForwardMsg().delta.new_element.checkbox
    checkbox.id, checkbox.default = "c", True
    assert ps.widget_state("checkbox", checkbox, None) == WidgetState(id="c", bool_value=True)


@pytest.mark.deploy
@needs_setup
def test_three_sessions_load_and_switch_sections_for_8_s_on_both_replicas_with_no_error(replicas):  # noqa: F811
    seen: dict[str, dict[str, str]] = {}  # a returning browser's cookie for each replica
    for _ in range(40):
        _, headers, _ = get(replicas["url"] + "_stcore/health")
        name, _, value = headers["Set-Cookie"].split(";")[0].partition("=")
        seen.setdefault(headers["X-Briefing-Replica"], {name: value})
        if len(seen) == 2:
            break
    assert len(seen) == 2
    running = [Replica(port, pid) for port, pid in sorted(replicas["pids"].items())]
    figures = asyncio.run(run_protocol(replicas["url"], running, 3, 8.0, 1, None, list(seen.values())))
    assert figures["errors"] == [] and figures["sessions_loaded"] == 3
    assert set(figures["sessions_per_replica"]) == {f"127.0.0.1:{port}" for port in replicas["pids"]}
    for session in figures["per_session"]:
        assert session["change_sections"], "a session made no change"
        assert session["changes_switched"] == len(session["change_sections"]), session
    assert figures["changes_switched"] == figures["changes_total"] > 3
    assert figures["update_ms"]["n"] == figures["changes_total"]
    assert all(v["peak"] >= v["idle"] for v in figures["rss_mib_per_replica"].values())


def test_sections_are_the_radio_labels_and_the_text_panels_headings():
    sections = ps.sections_of(load_bundle(DATA_ROOT, SHIPPED).article)
    assert sections[0].label == "Whole article" and len(sections[0].headings) == len(sections) - 1
    assert all(s.headings == (s.label,) for s in sections[1:])
