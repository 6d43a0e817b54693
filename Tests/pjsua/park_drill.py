#!/usr/bin/env python3
"""Directed park by blind transfer, then retrieve by dialling the orbit, with three pjsua2 softphones.

SPEC §5 B and "Retrieve", FLOWS 2 and 4, played by another SIP implementation (pjsip) against a running
`callpark serve`:

    alice (parkee, pool-a)   bob (parker, pool-a)   dave (retriever, pool-b)

1. bob calls alice; bob blind-transfers alice to the orbit (REFER, Refer-To: <sip:*3042@domain>);
   alice's INVITE carries Referred-By: bob and the park service answers it with music (a=sendonly).
2. alice must receive RTP from the park service while parked.
3. dave dials the orbit; the park service REFERs alice to dave's contact with Replaces; alice calls dave.
4. alice and dave must then send RTP to each other's addresses, each receiving the other's packets, with
   the park service's two legs ended and its media address in neither stream.

The phones are plain UDP softphones, each with its own SIP port on 127.0.0.1, the null audio device and a
tone as microphone, registered with digest authentication at their home pool, which is also their outbound
proxy (as `callpark serve` tells users to set them up). Audio is judged from pjsua2's own stream facts: the
negotiated remote RTP address, the source of the last packet received, and the received packet count.

Every check prints one line, `PASS name: detail` or `FAIL name: detail`, and a last line `N passed, N failed`.
The exit status is 0 only if every check passed; 2 means pjsua2 could not start. A pjsip assertion (pjsip
aborts on some transport failures) ends the process with SIGABRT after the lines printed so far.

Usage (all flags can also come from a JSON file given with --config, keys named as the flags with `_`):

    park_drill.py --pool-a 127.0.0.1:5060 --pool-b 127.0.0.1:5062 \
        --parkee alice:PASSWORD --parker bob:PASSWORD --retriever dave:PASSWORD [--orbit '*3042'] \
        [--sip-trace FILE] [--deadline 30] [--phone-tcp]
"""

import argparse
import faulthandler
import gc
import json
import os
import sys
import time

import pjsua2 as pj

# pjmedia_dir values as StreamInfo.dir reports them.
DIR_ENCODING = 1  # we only send
DIR_DECODING = 2  # we only receive: what a parkee should end up with against an a=sendonly answer
DIR_BOTH = 3

# G.711 at 20 ms is 50 packets a second; a second's worth is enough to call a stream flowing without
# mistaking a stray packet or two for music.
PACKETS_FOR_FLOWING = 50


# ---------------------------------------------------------------------------------------------------------
# Results


class Report:
    """The checks run so far; each prints its line as soon as it is decided, so a hang shows where."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)
        return ok

    def note(self, text):
        print(f"     {text}", flush=True)


class SIPTrace(pj.LogWriter):
    """The SIP messages pjsip sends and receives, as it logs them, flushed one by one: a pjsip assertion aborts
    the process, and a buffered file would lose the very messages that led there."""

    def __init__(self, path):
        super().__init__()
        self.file = open(path, "w")

    def write(self, entry):
        # pjsua logs each message whole, in one entry ending with this marker; the rest is pjsip's chatter.
        if "--end msg--" in entry.msg:
            self.file.write(entry.msg.replace("\r\n", "\n").rstrip("\n") + "\n")
            self.file.flush()


class Abort(Exception):
    """A step failed in a way that leaves nothing for the later steps to check."""


# ---------------------------------------------------------------------------------------------------------
# pjsua2 objects. pjsua2 runs here with no worker threads (threadCnt = 0, mainThreadOnly): every callback
# comes from Endpoint.libHandleEvents() in the main loop. Callbacks only record what happened; the main loop
# decides what to do about it (answer, connect audio), so no pjsua operation runs re-entrantly inside one.


class PhoneCall(pj.Call):
    """One call of a phone, with what its callbacks reported."""

    def __init__(self, phone, call_id=pj.PJSUA_INVALID_ID, origin="outgoing"):
        super().__init__(phone.account, call_id)
        self.phone = phone
        self.origin = origin  # outgoing, incoming, transfer (REFER we accepted), replacing (INVITE with Replaces)
        self.state = pj.PJSIP_INV_STATE_NULL
        self.last_status = 0
        self.last_reason = ""
        self.remote_contact = ""
        self.media_changed = False
        self.transfer_target = None  # the Refer-To we were sent, when this call was REFERred
        self.transfer_child = None  # the call that REFER made us place
        self.replaced_by = None  # the call that replaced this one (INVITE with Replaces)
        self.xfer_status = None  # (code, final) from the NOTIFYs about our own REFER
        self.answered = False
        phone.calls.append(self)

    def onCallState(self, prm):
        info = self.getInfo()
        self.state = info.state
        self.last_status = info.lastStatusCode
        self.last_reason = info.lastReason
        self.remote_contact = info.remoteContact or self.remote_contact

    def onCallMediaState(self, prm):
        self.media_changed = True

    def onCallTransferRequest(self, prm):
        # Accepting is the default (202); pjsua2 wants the Call object for the new INVITE now, in the callback.
        self.transfer_target = prm.dstUri
        self.transfer_child = PhoneCall(self.phone, origin="transfer")
        prm.newCall = self.transfer_child

    def onCallTransferStatus(self, prm):
        self.xfer_status = (prm.statusCode, prm.finalNotify)

    def onCallReplaceRequest(self, prm):
        # As for a transfer: the replacing call gets its own object, so the replaced one can end separately.
        self.replaced_by = PhoneCall(self.phone, origin="replacing")
        prm.newCall = self.replaced_by

    def onCallReplaced(self, prm):
        if self.replaced_by is None:
            self.replaced_by = PhoneCall(self.phone, prm.newCallId, origin="replacing")
            prm.newCall = self.replaced_by

    # Helpers the main loop uses (never called from a callback).

    @property
    def confirmed(self):
        return self.state == pj.PJSIP_INV_STATE_CONFIRMED

    @property
    def ended(self):
        return self.state == pj.PJSIP_INV_STATE_DISCONNECTED

    @property
    def settled(self):
        """Answered or ended: nothing more to wait for."""
        return self.confirmed or self.ended

    def describe(self):
        text = f"state {state_name(self.state)}"
        if self.last_status:
            text += f", last status {self.last_status} {self.last_reason}"
        return text


class PhoneAccount(pj.Account):
    def __init__(self, phone):
        super().__init__()
        self.phone = phone

    def onRegState(self, prm):
        self.phone.reg_status = (prm.code, prm.reason)

    def onIncomingCall(self, prm):
        # Answered by the main loop (Phone.service), not here.
        PhoneCall(self.phone, prm.callId, origin="incoming")


class Phone:
    """A softphone: its own UDP transport on loopback, an account registered at its home pool, a tone source."""

    def __init__(self, ep, name, password, pool, pool_name, domain, tcp):
        self.ep = ep
        self.name = name
        self.pool = pool
        self.pool_name = pool_name
        self.calls = []
        self.reg_status = None
        # Its own SIP port, so each phone has an address of its own as a real phone would.
        tcfg = pj.TransportConfig()
        tcfg.boundAddress = "127.0.0.1"
        tcfg.port = 0
        self.transport_id = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
        self.sip_address = ep.transportGetInfo(self.transport_id).localName
        if tcp:
            # Also listen on TCP at the same port, as pjsua's own app does: where a proxy switches a large
            # request to TCP (RFC 3261 §18.1.1), it reaches the phone at the contact's address.
            tcfg.port = int(self.sip_address.rsplit(":", 1)[1])
            ep.transportCreate(pj.PJSIP_TRANSPORT_TCP, tcfg)

        cfg = pj.AccountConfig()
        cfg.idUri = f"sip:{name}@{domain}"
        cfg.regConfig.registrarUri = f"sip:{domain}"
        cfg.regConfig.timeoutSec = 300
        # The home pool is registrar and outbound proxy (SPEC §3): the domain itself does not resolve here.
        proxies = pj.StringVector()
        proxies.append(f"sip:{pool};lr")
        cfg.sipConfig.proxies = proxies
        creds = pj.AuthCredInfoVector()
        creds.append(pj.AuthCredInfo("digest", "*", name, 0, password))
        cfg.sipConfig.authCreds = creds
        cfg.sipConfig.transportId = self.transport_id
        # Loopback only: no NAT helpers, no RFC 5626 outbound, no keep-alives; contacts stay as they are.
        cfg.natConfig.sipOutboundUse = 0
        cfg.natConfig.contactRewriteUse = 0
        cfg.natConfig.viaRewriteUse = 0
        cfg.natConfig.sdpNatRewriteUse = 0
        cfg.natConfig.udpKaIntervalSec = 0
        cfg.natConfig.iceEnabled = False
        cfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        cfg.mediaConfig.transportConfig.port = 0
        self.account = PhoneAccount(self)
        self.account.create(cfg)

        # A continuous tone, so the phone really sends audio once in a call (the null audio device gives
        # no audio of its own, and pjmedia sends no RTP for empty frames).
        self.tone = pj.ToneGenerator()
        self.tone.createToneGenerator(8000, 1)
        tone = pj.ToneDesc()
        tone.freq1 = 440
        tone.freq2 = 0
        tone.on_msec = 1000
        tone.off_msec = 0
        tone.volume = 0
        tones = pj.ToneDescVector()
        tones.append(tone)
        self.tone.play(tones, True)

    @property
    def registered(self):
        return self.reg_status is not None and self.reg_status[0] == 200

    def service(self):
        """The decisions callbacks leave to the main loop: answer calls, connect the tone to new media."""
        for call in list(self.calls):
            if call.origin == "incoming" and not call.answered and call.state in (
                pj.PJSIP_INV_STATE_INCOMING,
                pj.PJSIP_INV_STATE_EARLY,
            ):
                call.answered = True
                op = pj.CallOpParam()
                op.statusCode = 200
                call.answer(op)
            if call.media_changed:
                call.media_changed = False
                try:
                    media = [] if call.ended else call.getInfo().media
                    for index, m in enumerate(media):
                        if m.type == pj.PJMEDIA_TYPE_AUDIO and m.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                            self.tone.startTransmit(call.getAudioMedia(index))
                except pj.Error:
                    pass  # the call ended in between; its media went with it

    def calls_of(self, origin):
        return [c for c in self.calls if c.origin == origin]


# ---------------------------------------------------------------------------------------------------------
# Media facts of a call, read from pjsua2 (the stream as negotiated, the transport as it receives).


class MediaView:
    def __init__(self, call):
        info = call.getStreamInfo(0)
        transport = call.getMedTransportInfo(0)
        stat = call.getStreamStat(0)
        self.remote_rtp = info.remoteRtpAddress
        self.direction = info.dir
        self.codec = info.codecName
        self.local_rtp = transport.localRtpName
        self.last_source = transport.srcRtpName  # where the last RTP packet came from
        self.rx_packets = stat.rtcp.rxStat.pkt
        self.tx_packets = stat.rtcp.txStat.pkt

    def __str__(self):
        return (
            f"{self.codec} {direction_name(self.direction)}, local {self.local_rtp}, sends to {self.remote_rtp}, "
            f"rx {self.rx_packets} pkts (last from {self.last_source or 'nobody'}), tx {self.tx_packets} pkts"
        )


def media_view(call):
    try:
        return MediaView(call)
    except pj.Error as error:
        return error.info()


def state_name(state):
    names = {
        pj.PJSIP_INV_STATE_NULL: "NULL",
        pj.PJSIP_INV_STATE_CALLING: "CALLING",
        pj.PJSIP_INV_STATE_INCOMING: "INCOMING",
        pj.PJSIP_INV_STATE_EARLY: "EARLY",
        pj.PJSIP_INV_STATE_CONNECTING: "CONNECTING",
        pj.PJSIP_INV_STATE_CONFIRMED: "CONFIRMED",
        pj.PJSIP_INV_STATE_DISCONNECTED: "DISCONNECTED",
    }
    return names.get(state, str(state))


def direction_name(direction):
    return {DIR_ENCODING: "sendonly", DIR_DECODING: "recvonly", DIR_BOTH: "sendrecv"}.get(direction, "inactive")


# ---------------------------------------------------------------------------------------------------------
# The drill


class Drill:
    """The endpoint, the phones, and the clock every step's wait is bounded by."""

    def __init__(self, args):
        self.args = args
        # Each wait has its own limit, and all of them together this one, so a drill that hangs everywhere
        # still ends in time to report (shutdown has its own short waits on top).
        self.deadline = time.monotonic() + args.deadline
        self.ep = pj.Endpoint()
        # pjlib logs its start-up to stdout before any log setting can apply: keep it out of the report.
        sys.stdout.flush()
        saved = os.dup(1)
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
        try:
            self.ep.libCreate()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.maxCalls = 8
        cfg.uaConfig.userAgent = "callpark park_drill (pjsua2)"
        # Silence is still audio here: without VAD a quiet phone keeps sending, so "no packets" means no stream.
        cfg.medConfig.noVad = True
        cfg.logConfig.consoleLevel = 1
        cfg.logConfig.level = 1
        self.trace = None
        if args.sip_trace:
            # Level 4 is where pjsua logs the messages themselves; a writer gets what the console would.
            self.trace = SIPTrace(args.sip_trace)
            cfg.logConfig.level = 4
            cfg.logConfig.consoleLevel = 4
            cfg.logConfig.writer = self.trace
        self.ep.libInit(cfg)
        self.ep.audDevManager().setNullDev()
        self.phones = []
        self.ep.libStart()

    def add_phone(self, spec, pool, pool_name):
        name, password = spec
        phone = Phone(self.ep, name, password, pool, pool_name, self.args.domain, self.args.phone_tcp)
        self.phones.append(phone)
        return phone

    def wait(self, condition, seconds, overall=True):
        """Runs pjsua2's events until condition() holds or the deadline passes; returns condition()."""
        deadline = time.monotonic() + seconds
        if overall:
            deadline = min(deadline, self.deadline)
        while True:
            for phone in self.phones:
                phone.service()
            if condition():
                return True
            if time.monotonic() >= deadline:
                return False
            self.ep.libHandleEvents(20)

    def flowing(self, call, seconds, source=None):
        """Waits until the call has received PACKETS_FOR_FLOWING more RTP packets (from `source`, if given)."""
        start = media_view(call)
        if not isinstance(start, MediaView):
            return False, f"no stream: {start}", start
        began = time.monotonic()

        def more():
            now = media_view(call)
            return (
                isinstance(now, MediaView)
                and now.rx_packets - start.rx_packets >= PACKETS_FOR_FLOWING
                and (source is None or now.last_source == source)
            )

        ok = self.wait(more, seconds)
        end = media_view(call)
        if not isinstance(end, MediaView):
            return False, f"stream gone: {end}", end
        got = end.rx_packets - start.rx_packets
        elapsed = time.monotonic() - began
        detail = f"{got} RTP packets in {elapsed:.1f} s, last from {end.last_source or 'nobody'}"
        if source is not None and got > 0 and end.last_source != source:
            detail += f" (expected {source})"
        return ok, detail, end

    def shutdown(self):
        """Hang up whatever is left, then free calls and accounts before libDestroy (pjsua2 aborts otherwise)."""
        for phone in self.phones:
            for call in phone.calls:
                if not call.ended and call.state != pj.PJSIP_INV_STATE_NULL:
                    try:
                        call.hangup(pj.CallOpParam())
                    except pj.Error:
                        pass
        calls = [c for p in self.phones for c in p.calls]
        self.wait(lambda: all(c.ended or c.state == pj.PJSIP_INV_STATE_NULL for c in calls), 3, overall=False)
        for phone in self.phones:
            # Python may still hold a call (a traceback on its way out keeps the steps' locals), and a Call
            # freed after libDestroy aborts the process: free the C++ objects now, whatever Python still holds.
            for call in phone.calls:
                pj._pjsua2.delete_Call(call)
            phone.calls.clear()
            pj._pjsua2.delete_ToneGenerator(phone.tone)
            # Deleting the account unregisters it; the un-REGISTERs go out during the short wait below.
            phone.account.shutdown()
        self.wait(lambda: False, 0.3, overall=False)
        for phone in self.phones:
            pj._pjsua2.delete_Account(phone.account)
        self.phones = []
        gc.collect()
        self.ep.libDestroy()


def run(drill, args, report):
    try:
        steps(drill, args, report)
    except Abort as stop:
        report.note(f"stopped: {stop}")
    except pj.Error as error:
        report.check("pjsua2 operation", False, error.info())
    finally:
        drill.shutdown()


def steps(drill, args, report):
    pool_a, pool_b = args.pool_a, args.pool_b
    orbit_uri = f"sip:{args.orbit}@{args.domain}"
    alice = drill.add_phone(args.parkee, pool_a, "pool-a")
    bob = drill.add_phone(args.parker, pool_a, "pool-a")
    dave = drill.add_phone(args.retriever, pool_b, "pool-b")

    # Registration with digest authentication at each phone's home pool.
    drill.wait(lambda: all(p.reg_status is not None for p in drill.phones), 5)
    for phone in drill.phones:
        status = phone.reg_status or (0, "no answer")
        report.check(
            f"register {phone.name} at {phone.pool_name} ({phone.pool})",
            phone.registered,
            f"{status[0]} {status[1]} (phone at {phone.sip_address})",
        )
    if not all(p.registered for p in drill.phones):
        raise Abort("a phone did not register")

    # Call D: bob calls alice, who answers.
    call_d = PhoneCall(bob)
    call_d.makeCall(f"sip:{alice.name}@{args.domain}", pj.CallOpParam(True))
    drill.wait(lambda: call_d.ended or (call_d.confirmed and any(c.confirmed for c in alice.calls_of("incoming"))), 5)
    alice_d = next(iter(alice.calls_of("incoming")), None)
    ok = report.check(
        "bob calls alice (call D)",
        call_d.confirmed and alice_d is not None and alice_d.confirmed,
        f"bob's side {call_d.describe()}; alice's side {alice_d.describe() if alice_d else 'no call arrived'}",
    )
    if not ok:
        raise Abort("no call to transfer")

    # FLOWS 2: bob blind-transfers alice to the orbit; alice's INVITE carries Referred-By: bob.
    call_d.xfer(orbit_uri, pj.CallOpParam(True))
    drill.wait(lambda: alice_d.transfer_child is not None and alice_d.transfer_child.settled, 8)
    parked = alice_d.transfer_child
    ok = report.check(
        f"alice accepts the REFER and calls {args.orbit}; the park service answers",
        parked is not None and parked.confirmed,
        f"Refer-To {alice_d.transfer_target}; park call {parked.describe() if parked else 'never placed'}"
        + (f", remote contact {parked.remote_contact}" if parked else ""),
    )
    if not ok:
        raise Abort("alice is not parked")
    drill.wait(lambda: call_d.xfer_status is not None and call_d.xfer_status[1], 5)
    report.check(
        "bob is told the transfer succeeded (NOTIFY sipfrag)",
        call_d.xfer_status is not None and call_d.xfer_status[1] and call_d.xfer_status[0] // 100 == 2,
        f"final NOTIFY status {call_d.xfer_status}",
    )
    # The transferor hangs up D (FLOWS 2).
    if not call_d.ended:
        call_d.hangup(pj.CallOpParam())
    drill.wait(lambda: call_d.ended and alice_d.ended, 5)
    report.check(
        "bob hangs up call D", call_d.ended and alice_d.ended, f"bob {call_d.describe()}; alice {alice_d.describe()}"
    )

    # The parked leg: music offered a=sendonly (so alice ends up receiving only), in G.711.
    drill.wait(lambda: isinstance(media_view(parked), MediaView), 3)
    music = media_view(parked)
    pool_media = music.remote_rtp if isinstance(music, MediaView) else None
    report.check(
        "parked leg: SDP answer is G.711 sendonly from the park service",
        isinstance(music, MediaView) and music.direction == DIR_DECODING and music.codec in ("PCMU", "PCMA"),
        str(music),
    )
    # The music itself: RTP arriving from the address the park service's SDP named.
    ok, detail, _ = drill.flowing(parked, 4, source=pool_media)
    report.check("alice receives music RTP while parked", ok, f"{detail}; park service media address {pool_media}")

    # FLOWS 4: dave (the other pool) dials the orbit; alice is REFERred to dave's contact with Replaces.
    retrieve = PhoneCall(dave)
    retrieve.makeCall(orbit_uri, pj.CallOpParam(True))
    drill.wait(lambda: retrieve.confirmed or retrieve.ended or retrieve.replaced_by is not None, 8)
    report.check(
        f"dave dials {args.orbit}; the park service answers",
        retrieve.confirmed or retrieve.replaced_by is not None,
        f"{retrieve.describe()}, remote contact {retrieve.remote_contact}",
    )

    def handed_over_or_failed():
        child, replacing = parked.transfer_child, retrieve.replaced_by
        if (child is not None and child.ended) or (retrieve.ended and replacing is None):
            return True
        return child is not None and child.confirmed and replacing is not None and replacing.confirmed

    drill.wait(handed_over_or_failed, 8)
    direct = parked.transfer_child
    target = parked.transfer_target or ""
    report.check(
        "the park service REFERs alice to dave's contact with Replaces",
        target != "" and "replaces=" in target.lower() and dave.sip_address in target,
        f"Refer-To {target or '(no REFER arrived)'}; dave's address {dave.sip_address}",
    )
    replacing = retrieve.replaced_by
    ok = report.check(
        "alice calls dave directly; dave's phone replaces its call to the orbit",
        direct is not None and direct.confirmed and replacing is not None and replacing.confirmed,
        f"alice's new call {direct.describe() if direct else 'never placed'}"
        + (f" (remote contact {direct.remote_contact})" if direct else "")
        + f"; dave's replacing call {replacing.describe() if replacing else 'never arrived'}",
    )
    drill.wait(lambda: parked.ended and retrieve.ended, 5)
    report.check(
        "the park service's legs end (alice's park call and dave's call to the orbit)",
        parked.ended and retrieve.ended,
        f"alice's park call {parked.describe()}; dave's call to the orbit {retrieve.describe()}",
    )
    if not ok:
        raise Abort("alice and dave are not in a call")

    # Media of the retrieved call: each sends to the other phone's RTP address, never the park service's.
    drill.wait(lambda: all(isinstance(media_view(c), MediaView) for c in (direct, replacing)), 3)
    a, d = media_view(direct), media_view(replacing)
    both = isinstance(a, MediaView) and isinstance(d, MediaView)
    report.check(
        "alice and dave send RTP to each other's addresses, not the park service's",
        both
        and a.remote_rtp == d.local_rtp
        and d.remote_rtp == a.local_rtp
        and pool_media not in (a.remote_rtp, d.remote_rtp),
        f"alice: {a}; dave: {d}; park service media {pool_media}",
    )
    if both:
        ok, detail, _ = drill.flowing(direct, 4, source=d.local_rtp)
        report.check("alice receives dave's RTP directly", ok, detail)
        ok, detail, _ = drill.flowing(replacing, 4, source=a.local_rtp)
        report.check("dave receives alice's RTP directly", ok, detail)

    # Everyone hangs up: alice ends the call, dave's phone sees it end.
    direct.hangup(pj.CallOpParam())
    drill.wait(lambda: direct.ended and replacing.ended, 5)
    report.check(
        "alice hangs up; dave's call ends",
        direct.ended and replacing.ended,
        f"alice {direct.describe()}; dave {replacing.describe()}",
    )


# ---------------------------------------------------------------------------------------------------------
# Arguments


def user_password(text):
    name, sep, password = text.partition(":")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected USER:PASSWORD, got {text!r}")
    return name, password


def parse_arguments(argv):
    # --config first, so a JSON file can supply the defaults that flags then override.
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--config")
    known, _ = pre.parse_known_args(argv)
    defaults = {}
    if known.config:
        with open(known.config) as f:
            defaults = json.load(f)

    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", help="JSON file with any of these options (keys: pool_a, parkee, ...)")
    parser.add_argument("--pool-a", help="HOST:PORT of pool-a (home of parkee and parker; owns the orbit)")
    parser.add_argument("--pool-b", help="HOST:PORT of pool-b (home of the retriever)")
    parser.add_argument("--domain", default="callpark.test")
    parser.add_argument("--orbit", default="*3042", help="a free orbit of pool-a's range")
    parser.add_argument("--parkee", type=user_password, help="USER:PASSWORD (registers at pool-a)")
    parser.add_argument("--parker", type=user_password, help="USER:PASSWORD (registers at pool-a)")
    parser.add_argument("--retriever", type=user_password, help="USER:PASSWORD (registers at pool-b)")
    parser.add_argument("--deadline", type=float, default=30, help="seconds all the steps may take together")
    parser.add_argument(
        "--phone-tcp",
        action="store_true",
        help="phones also listen on TCP at their UDP port (reaches them when a proxy switches a large request to TCP)",
    )
    parser.add_argument("--sip-trace", help="write every SIP message the phones send and receive to this file")
    for key in ("parkee", "parker", "retriever"):
        if isinstance(defaults.get(key), str):
            defaults[key] = user_password(defaults[key])
    parser.set_defaults(**defaults)
    args = parser.parse_args(argv)
    missing = [key for key in ("pool_a", "pool_b", "parkee", "parker", "retriever") if getattr(args, key) is None]
    if missing:
        parser.error("missing: " + ", ".join("--" + m.replace("_", "-") for m in missing))
    return args


def main(argv):
    args = parse_arguments(argv)
    # A pjsip assertion aborts the process; this at least names the step (the Python line) it happened in.
    faulthandler.enable()
    report = Report()
    started = time.monotonic()
    try:
        drill = Drill(args)
    except pj.Error as error:
        print(f"pjsua2 did not start: {error.info()}", flush=True)
        return 2
    run(drill, args, report)
    print(f"drill took {time.monotonic() - started:.1f} s", flush=True)
    print(f"{report.passed} passed, {report.failed} failed", flush=True)
    return 0 if report.failed == 0 and report.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
