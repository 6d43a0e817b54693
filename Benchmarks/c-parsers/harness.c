/*
 * c-parsers-bench: single-core SIP parse throughput of two C SIP stacks.
 *
 *   c-parsers-bench [--stack sofia|osip|both] [--seconds S] [--cpu N] FILE...
 *
 * For each FILE the whole message is parsed in a tight loop on one thread
 * for about S seconds; every iteration is a complete parse from the raw
 * bytes followed by freeing everything the parse allocated:
 *
 *   sofia-sip: msg_make(sip_default_mclass(), 0, buf, len) ... msg_destroy()
 *   oSIP2:     osip_message_init() + osip_message_parse() ... osip_message_free()
 *
 * Before timing, every file is parsed once per stack and a few parsed fields
 * (start line, Call-ID, CSeq, Via/Contact count, body length...) are printed
 * on stderr, so that the parse is shown to be real.  Any parse failure, in
 * validation or inside the timed loop, aborts with exit status 1.
 *
 * stdout gets one machine-readable line per (stack, file):
 *
 *   STACK FILE BYTES bytes RATE msgs/s ITERS iters SECONDS s
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_message.h>

/* How many parses run between two clock reads. */
#define BATCH 64
/* Untimed parses before each timed run (cache and allocator warm-up). */
#define WARMUP 2000

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fflush(stdout);
    fprintf(stderr, "c-parsers-bench: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static double now_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        die("clock_gettime failed: %s", strerror(errno));
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *str_or(const char *s) { return s ? s : "(none)"; }
static const char *user_or_empty(const char *s) { return s ? s : ""; }

/* ------------------------------------------------------------------ */
/* sofia-sip                                                           */

/* One full parse; returns 0 on success.  Everything is freed. */
static int sofia_parse_once(const char *buf, size_t len)
{
    msg_t *msg = msg_make(sip_default_mclass(), 0, buf, (ssize_t)len);
    if (msg == NULL)
        return -1;
    sip_t const *sip = sip_object(msg);
    int ok = sip != NULL && (sip->sip_request != NULL || sip->sip_status != NULL)
             && sip->sip_error == NULL && !msg_has_error(msg);
    msg_destroy(msg);
    return ok ? 0 : -1;
}

static void sofia_validate(const char *name, const char *buf, size_t len)
{
    msg_t *msg = msg_make(sip_default_mclass(), 0, buf, (ssize_t)len);
    if (msg == NULL)
        die("sofia: msg_make returned NULL for %s", name);
    sip_t const *sip = sip_object(msg);
    if (sip == NULL || (sip->sip_request == NULL && sip->sip_status == NULL))
        die("sofia: %s: no request or status line parsed", name);
    if (sip->sip_error != NULL)
        die("sofia: %s: parse error in header '%s'", name, str_or(sip->sip_error->er_name));
    if (msg_has_error(msg))
        die("sofia: %s: message malformed or incomplete (msg_has_error)", name);
    if (sip->sip_call_id == NULL || sip->sip_cseq == NULL || sip->sip_via == NULL)
        die("sofia: %s: Call-ID, CSeq or Via missing", name);

    int vias = 0, contacts = 0;
    for (sip_via_t const *v = sip->sip_via; v; v = v->v_next)
        vias++;
    for (sip_contact_t const *m = sip->sip_contact; m; m = m->m_next)
        contacts++;
    unsigned long body = sip->sip_payload ? (unsigned long)sip->sip_payload->pl_len : 0;
    unsigned long clen = sip->sip_content_length
                             ? (unsigned long)sip->sip_content_length->l_length : 0;

    if (sip->sip_request)
        fprintf(stderr, "# sofia %s: request %s sip:%s%s%s", name,
                sip->sip_request->rq_method_name,
                user_or_empty(sip->sip_request->rq_url->url_user),
                sip->sip_request->rq_url->url_user ? "@" : "",
                str_or(sip->sip_request->rq_url->url_host));
    else
        fprintf(stderr, "# sofia %s: status %d %s", name,
                sip->sip_status->st_status, str_or(sip->sip_status->st_phrase));
    fprintf(stderr, " | Call-ID %s | CSeq %u %s | Via %d (top branch %s) | Contact %d",
            sip->sip_call_id->i_id, (unsigned)sip->sip_cseq->cs_seq,
            sip->sip_cseq->cs_method_name, vias, str_or(sip->sip_via->v_branch),
            contacts);
    if (sip->sip_authorization) {
        msg_param_t const *p = sip->sip_authorization->au_params;
        fprintf(stderr, " | Authorization %s username=%s nonce=%s",
                sip->sip_authorization->au_scheme,
                str_or(msg_params_find(p, "username=")),
                str_or(msg_params_find(p, "nonce=")));
    }
    if (sip->sip_expires)
        fprintf(stderr, " | Expires %lu", (unsigned long)sip->sip_expires->ex_delta);
    fprintf(stderr, " | Content-Length %lu, body %lu bytes\n", clen, body);
    if (clen != body)
        die("sofia: %s: Content-Length does not match the body", name);
    msg_destroy(msg);
}

/* ------------------------------------------------------------------ */
/* GNU oSIP2                                                           */

static int osip_parse_once(const char *buf, size_t len)
{
    osip_message_t *sip = NULL;
    if (osip_message_init(&sip) != 0)
        return -1;
    int rc = osip_message_parse(sip, buf, len);
    osip_message_free(sip);
    return rc == 0 ? 0 : -1;
}

static void osip_validate(const char *name, const char *buf, size_t len)
{
    osip_message_t *sip = NULL;
    if (osip_message_init(&sip) != 0)
        die("osip: osip_message_init failed");
    int rc = osip_message_parse(sip, buf, len);
    if (rc != 0)
        die("osip: %s: osip_message_parse returned %d", name, rc);
    if (sip->sip_method == NULL && sip->status_code == 0)
        die("osip: %s: no request or status line parsed", name);
    if (sip->call_id == NULL || sip->cseq == NULL || osip_list_size(&sip->vias) < 1)
        die("osip: %s: Call-ID, CSeq or Via missing", name);

    if (sip->sip_method) {
        const char *user = sip->req_uri ? sip->req_uri->username : NULL;
        fprintf(stderr, "# osip  %s: request %s sip:%s%s%s", name, sip->sip_method,
                user_or_empty(user), user ? "@" : "",
                str_or(sip->req_uri ? sip->req_uri->host : NULL));
    } else {
        fprintf(stderr, "# osip  %s: status %d %s", name, sip->status_code,
                str_or(sip->reason_phrase));
    }

    osip_via_t *via = osip_list_get(&sip->vias, 0);
    osip_generic_param_t *branch = NULL;
    osip_via_param_get_byname(via, "branch", &branch);
    fprintf(stderr, " | Call-ID %s%s%s | CSeq %s %s | Via %d (top branch %s) | Contact %d",
            str_or(sip->call_id->number), sip->call_id->host ? "@" : "",
            sip->call_id->host ? sip->call_id->host : "", str_or(sip->cseq->number),
            str_or(sip->cseq->method), osip_list_size(&sip->vias),
            str_or(branch ? branch->gvalue : NULL), osip_list_size(&sip->contacts));

    osip_authorization_t *auth = osip_list_get(&sip->authorizations, 0);
    if (auth)
        fprintf(stderr, " | Authorization %s username=%s nonce=%s",
                str_or(osip_authorization_get_auth_type(auth)),
                str_or(osip_authorization_get_username(auth)),
                str_or(osip_authorization_get_nonce(auth)));
    osip_header_t *expires = NULL;
    if (osip_message_get_expires(sip, 0, &expires) >= 0 && expires)
        fprintf(stderr, " | Expires %s", str_or(expires->hvalue));

    unsigned long body = 0;
    osip_body_t *b = osip_list_get(&sip->bodies, 0);
    if (b)
        body = (unsigned long)b->length;
    unsigned long clen = sip->content_length && sip->content_length->value
                             ? strtoul(sip->content_length->value, NULL, 10) : 0;
    fprintf(stderr, " | Content-Length %lu, body %lu bytes\n", clen, body);
    if (clen != body)
        die("osip: %s: Content-Length does not match the body", name);
    osip_message_free(sip);
}

/* ------------------------------------------------------------------ */

struct stack {
    const char *name;
    int (*parse_once)(const char *buf, size_t len);
    void (*validate)(const char *name, const char *buf, size_t len);
};

static const struct stack stacks[] = {
    {"sofia", sofia_parse_once, sofia_validate},
    {"osip", osip_parse_once, osip_validate},
};

struct input {
    const char *path;
    const char *base;
    char *buf;
    size_t len;
};

static void load(struct input *in, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        die("cannot open %s: %s", path, strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (buf == NULL || ferror(f))
        die("cannot read %s", path);
    fclose(f);
    if (len == 0)
        die("%s is empty", path);
    const char *slash = strrchr(path, '/');
    in->path = path;
    in->base = slash ? slash + 1 : path;
    in->buf = buf;
    in->len = len;
}

static void bench(const struct stack *st, const struct input *in, double seconds)
{
    for (int i = 0; i < WARMUP; i++)
        if (st->parse_once(in->buf, in->len) != 0)
            die("%s: parse of %s failed during warm-up", st->name, in->path);

    unsigned long long iters = 0;
    double start = now_seconds(), elapsed;
    do {
        for (int i = 0; i < BATCH; i++)
            if (st->parse_once(in->buf, in->len) != 0)
                die("%s: parse of %s failed in the timed loop", st->name, in->path);
        iters += BATCH;
        elapsed = now_seconds() - start;
    } while (elapsed < seconds);

    printf("%s %s %zu bytes %.0f msgs/s %llu iters %.3f s\n", st->name, in->base,
           in->len, (double)iters / elapsed, iters, elapsed);
    fflush(stdout);
}

static void run_isolated(const struct stack *st, const struct input *in, double seconds)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        die("fork failed: %s", strerror(errno));
    if (pid == 0) {
        bench(st, in, seconds);
        exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            die("waitpid failed: %s", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        exit(1); /* the child already said why (or was killed by a signal) */
}

static void usage(void)
{
    fprintf(stderr,
            "usage: c-parsers-bench [--stack sofia|osip|both] [--seconds S] [--cpu N] FILE...\n"
            "  --stack    which parser to time (default both)\n"
            "  --seconds  timed run per file and stack (default 3)\n"
            "  --cpu      CPU to pin to (default: first CPU allowed; -1 = no pinning)\n");
    exit(2);
}

static void pin(int cpu)
{
    cpu_set_t set;
    if (cpu == -2) { /* default: first CPU we are allowed on */
        if (sched_getaffinity(0, sizeof set, &set) != 0)
            return;
        for (int c = 0; c < CPU_SETSIZE; c++)
            if (CPU_ISSET(c, &set)) {
                cpu = c;
                break;
            }
    }
    if (cpu < 0)
        return;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        fprintf(stderr, "# warning: could not pin to CPU %d: %s\n", cpu, strerror(errno));
    else
        fprintf(stderr, "# pinned to CPU %d\n", cpu);
}

int main(int argc, char **argv)
{
    const char *which = "both";
    double seconds = 3.0;
    int cpu = -2;
    int first_file = argc;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--stack") == 0 && i + 1 < argc)
            which = argv[++i];
        else if (strcmp(a, "--seconds") == 0 && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (strcmp(a, "--cpu") == 0 && i + 1 < argc)
            cpu = atoi(argv[++i]);
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
            usage();
        else if (strncmp(a, "--", 2) == 0)
            usage();
        else {
            first_file = i;
            break;
        }
    }
    if (first_file >= argc || !(seconds > 0))
        usage();

    int use[2] = {0, 0};
    if (strcmp(which, "sofia") == 0)
        use[0] = 1;
    else if (strcmp(which, "osip") == 0)
        use[1] = 1;
    else if (strcmp(which, "both") == 0)
        use[0] = use[1] = 1;
    else
        usage();

    int nfiles = argc - first_file;
    struct input *inputs = calloc((size_t)nfiles, sizeof *inputs);
    if (inputs == NULL)
        die("out of memory");
    for (int i = 0; i < nfiles; i++)
        load(&inputs[i], argv[first_file + i]);

    pin(cpu);
    if (use[1] && parser_init() != 0)
        die("osip: parser_init failed");

    /* Validation pass: one parse per stack and file, fields on stderr. */
    for (int s = 0; s < 2; s++)
        if (use[s])
            for (int i = 0; i < nfiles; i++)
                stacks[s].validate(inputs[i].base, inputs[i].buf, inputs[i].len);

    /* Each timed run happens in a fresh child process, so that one run's
     * heap layout (e.g. sofia's after a million parses) cannot speed up or
     * slow down the next: in one process, oSIP often ran ~15% faster right
     * after sofia than on its own. */
    for (int s = 0; s < 2; s++)
        if (use[s])
            for (int i = 0; i < nfiles; i++)
                run_isolated(&stacks[s], &inputs[i], seconds);

    for (int i = 0; i < nfiles; i++)
        free(inputs[i].buf);
    free(inputs);
    return 0;
}
