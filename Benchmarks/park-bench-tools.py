#!/usr/bin/env python3
"""Helpers of Benchmarks/park-bench.sh (standard library only).

  credentials HOST PORT DOMAIN OUT.csv USER PASSWORD PREFIX FIRST COUNT MODE
      Asks the pool for a nonce (REGISTER without credentials: 401), then writes sipp's -inf file: one line per orbit
      PREFIX+FIRST .. PREFIX+(FIRST+COUNT-1) with the orbit, a whole Proxy-Authorization line (Digest MD5, qop=auth)
      for `INVITE sip:ORBIT@DOMAIN` as USER, and MODE (challenge|preemptive). sipp's own [authentication] cannot be
      used: its digest-uri is one fixed -auth_uri for every call, and each call here dials its own orbit. The pool
      verifies these credentials exactly as sipp's (HMAC of the nonce, user, response); its nonces are stateless and
      stay fresh 300 s, so the file is made just before each run.
  latency FILE.pcap
      Response times on the wire from a loopback capture (classic pcap, Ethernet framing, as `dumpcap -P -i lo` writes)
      of the INVITEs and their 200/407 at the pool's port, in ms: "park" = a parkee's INVITE with credentials
      (it carries Referred-By) to the 200 carrying the orbit; "retrieve" = a retriever's INVITE with credentials to
      its 200; "challenge" = an INVITE without credentials to its 407. Timed from the first transmission of the
      request to the first transmission of the response. Prints count p50 p90 p99 p99.9 max per timer.
  stat FILE
      A sipp -trace_stat file (-fd 1): successful, failed, retransmissions, and the completion rate in steady state
      (per-second successful calls, from the 3rd second to 3 s before the last).
  udpdrops PORT
      The drop counter of the UDP socket bound to 127.0.0.1:PORT (/proc/net/udp): the music sink is never read, so once
      its buffer is full every RTP packet that reaches it is counted there.
  sample OUT PID [PID...]
      Every 0.5 s until killed: the machine's busy and total jiffies (/proc/stat) and, per PID, utime+stime jiffies and
      VmRSS (/proc/PID/stat, /proc/PID/status), as lines of JSON.
  usage OUT NAME=PID...
      From a sample file: each process's CPU (% of one core) over the whole sampling, its largest and last RSS; the
      first process's busiest threads; the machine's busy % of both cores and what of it none of the named processes
      used.
"""
import hashlib
import os
import random
import re
import socket
import sys


def nonce(host: str, port: int, domain: str, user: str) -> str:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(2)
    local = s.getsockname()
    call_id = f"bench-nonce-{random.getrandbits(48):x}"
    message = (
        f"REGISTER sip:{domain} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {local[0]}:{local[1]};branch=z9hG4bK{random.getrandbits(48):x};rport\r\n"
        f"From: <sip:{user}@{domain}>;tag={random.getrandbits(32):x}\r\n"
        f"To: <sip:{user}@{domain}>\r\n"
        f"Call-ID: {call_id}\r\nCSeq: 1 REGISTER\r\nMax-Forwards: 70\r\n"
        f"Contact: <sip:{user}@{local[0]}:{local[1]}>\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n"
    )
    for _ in range(5):
        s.sendto(message.encode(), (host, port))
        try:
            data = s.recv(65535).decode(errors="replace")
        except socket.timeout:
            continue
        m = re.search(r'nonce="([^"]+)"', data)
        if data.startswith("SIP/2.0 401") and m:
            return m.group(1)
    raise SystemExit(f"no 401 with a nonce from {host}:{port}")


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def credentials(args):
    host, port, domain, out, user, password, prefix, first, count, mode = args
    n = nonce(host, int(port), domain, user)
    ha1 = md5(f"{user}:{domain}:{password}")
    with open(out, "w") as f:
        f.write("SEQUENTIAL\n")
        for i in range(int(first), int(first) + int(count)):
            orbit = f"{prefix}{i}"
            uri = f"sip:{orbit}@{domain}"
            cnonce = os.urandom(8).hex()
            ha2 = md5(f"INVITE:{uri}")
            response = md5(f"{ha1}:{n}:00000001:{cnonce}:auth:{ha2}")
            header = (
                f'Proxy-Authorization: Digest username="{user}",realm="{domain}",nonce="{n}",uri="{uri}",'
                f'response="{response}",algorithm=MD5,qop=auth,nc=00000001,cnonce="{cnonce}"'
            )
            f.write(f"{orbit};{header};{mode}\n")


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def sip_packets(name):
    """(time, payload text) of each UDP datagram of a classic pcap file with Ethernet framing."""
    import struct
    with open(name, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    scale = 1e-9 if magic in (0xA1B23C4D, 0x4D3CB2A1) else 1e-6
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    assert linktype == 1, f"linktype {linktype}: expected Ethernet (capture with dumpcap -P -i lo)"
    at = 24
    while at + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(endian + "IIII", data[at : at + 16])
        frame = data[at + 16 : at + 16 + caplen]
        at += 16 + caplen
        ip = frame[14:]
        if len(ip) < 28 or ip[9] != 17:
            continue
        udp = ip[(ip[0] & 15) * 4 :]
        yield sec + frac * scale, udp[8:].decode("latin-1")


def header(text, name):
    m = re.search(r"^" + name + r"\s*:\s*(.*?)\r?$", text, re.M | re.I)
    return m.group(1).strip() if m else None


def latency(args):
    requests, timers = {}, {"park": [], "retrieve": [], "challenge": []}
    answered = set()
    for t, text in sip_packets(args[0]):
        call_id, cseq = header(text, "Call-ID") or header(text, "i"), header(text, "CSeq")
        if not call_id or not cseq or not cseq.upper().endswith("INVITE"):
            continue
        key = (call_id, cseq.split()[0])
        if text.startswith("INVITE "):
            if key in requests:
                continue  # a retransmission: timed from the first
            authorised = header(text, "Proxy-Authorization") is not None
            timer = "challenge" if not authorised else ("park" if header(text, "Referred-By") else "retrieve")
            requests[key] = (t, timer)
        elif text.startswith("SIP/2.0 200") or text.startswith("SIP/2.0 407"):
            if key in answered or key not in requests:
                continue
            answered.add(key)
            start, timer = requests[key]
            timers[timer].append((t - start) * 1000)
    unanswered = len(requests) - len(answered)
    for timer, values in timers.items():
        if not values:
            continue
        values.sort()
        print(
            f"LATENCY {timer} count={len(values)} p50={percentile(values, 50):.3f} p90={percentile(values, 90):.3f} "
            f"p99={percentile(values, 99):.3f} p999={percentile(values, 99.9):.3f} max={values[-1]:.3f} ms"
        )
    print(f"LATENCY unanswered_in_capture={unanswered}")


def stat(name):
    rows = [l.rstrip("\n").split(";") for l in open(name) if l.strip()]
    header, data = rows[0], rows[1:]
    last = data[-1]
    get = lambda row, key: row[header.index(key)] if key in header else "0"
    failures = [
        f"{h[:-3]}={last[i]}" for i, h in enumerate(header) if h.startswith("Failed") and h.endswith("(C)") and last[i] not in ("0", "")
    ]
    periodic = [int(get(r, "SuccessfulCall(P)")) for r in data]
    steady = periodic[3:-3] if len(periodic) > 8 else periodic
    rate = sum(steady) / len(steady) if steady else 0
    print(f"STAT successful={get(last, 'SuccessfulCall(C)')} failed={get(last, 'FailedCall(C)')} "
          f"created={get(last, 'TotalCallCreated')} retransmissions={get(last, 'Retransmissions(C)')} "
          f"steady_rate={rate:.0f} {' '.join(failures)}")


def udpdrops(args):
    want = f"0100007F:{int(args[0]):04X}"
    for line in open("/proc/net/udp"):
        fields = line.split()
        if len(fields) > 12 and fields[1] == want:
            print(fields[-1])
            return
    raise SystemExit(f"no UDP socket on 127.0.0.1:{args[0]}")


def read_proc(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        cpu = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        rss = 0
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        return cpu, rss
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def sample(args):
    import json
    import time
    out, pids = args[0], args[1:]
    with open(out, "w") as f:
        while True:
            with open("/proc/stat") as s:
                cpu = [int(x) for x in s.readline().split()[1:]]
            total, idle = sum(cpu[:8]), cpu[3] + cpu[4]
            row = {"t": time.monotonic(), "busy": total - idle, "total": total, "p": {}}
            for pid in pids:
                got = read_proc(pid)
                if got:
                    row["p"][pid] = got
            # The first process's threads: their name and utime+stime jiffies.
            row["threads"] = {}
            try:
                for tid in os.listdir(f"/proc/{pids[0]}/task"):
                    try:
                        with open(f"/proc/{pids[0]}/task/{tid}/stat") as t:
                            name, rest = t.read().split("(", 1)[1].rsplit(")", 1)
                        fields = rest.split()
                        row["threads"][tid] = [name, int(fields[11]) + int(fields[12])]
                    except (FileNotFoundError, ProcessLookupError, IndexError):
                        pass
            except FileNotFoundError:
                pass
            f.write(json.dumps(row) + "\n")
            f.flush()
            time.sleep(0.5)


def usage(args):
    import json
    out, named = args[0], dict(a.split("=") for a in args[1:])
    rows = [json.loads(l) for l in open(out) if l.strip()]
    first, last = rows[0], rows[-1]
    seconds = last["t"] - first["t"]
    hz = os.sysconf("SC_CLK_TCK")
    ours = 0
    for name, pid in named.items():
        seen = [r["p"][pid] for r in rows if pid in r["p"]]
        if not seen:
            continue
        used = seen[-1][0] - seen[0][0]
        ours += used
        quarters = "/".join(str(seen[min(len(seen) - 1, len(seen) * q // 4)][1] // 1024) for q in range(5))
        print(f"USAGE {name} cpu={100 * used / hz / seconds:.0f}% rss_max_kb={max(s[1] for s in seen)} rss_mb_0-25-50-75-100%={quarters}")
    # The first named process's busiest threads (by name; threads of one name summed, with their count).
    by_name = {}
    for tid, (name, cpu) in last.get("threads", {}).items():
        start = first.get("threads", {}).get(tid, [name, 0])[1]
        used, count = by_name.get(name, (0, 0))
        by_name[name] = (used + cpu - start, count + 1)
    top = sorted(by_name.items(), key=lambda kv: -kv[1][0])[:5]
    if top:
        print("USAGE threads " + ", ".join(f"{n}×{c}={100 * u / hz / seconds:.0f}%" for n, (u, c) in top))
    busy = last["busy"] - first["busy"]
    total = last["total"] - first["total"]
    print(f"USAGE machine busy={100 * busy / total:.0f}% others={100 * (busy - ours) / total:.0f}% seconds={seconds:.1f}")


if __name__ == "__main__":
    command, rest = sys.argv[1], sys.argv[2:]
    {"credentials": credentials, "latency": latency, "stat": lambda a: stat(a[0]), "sample": sample, "udpdrops": udpdrops, "usage": usage}[command](rest)
