// The loopback ceiling for music on hold: a plain C sendmmsg loop sending 172-byte datagrams (one G.711
// 20 ms RTP packet: 12-byte header + 160 bytes of payload) as fast as it can to draining sockets on 127.0.0.1,
// for a number of seconds, then printing packets per second sent and received.
//
//   cc -O2 -pthread -o blaster blaster.c
//   ./blaster [-s SECONDS] [-r RECEIVERS] [-b BATCH] [-p RATE]
//       defaults: 5 s, 4 receiver sockets, 256 datagrams per sendmmsg, as fast as possible
//       -p RATE: paced instead, RATE packets/s sent as one sendmmsg per millisecond at absolute deadlines (what
//       the music-on-hold pacer does, without its bookkeeping: the cost of paced sending itself)
//
// One thread sends (sendmmsg, BATCH datagrams per call, destinations round robin over the receivers); one
// thread drains every receiver socket (recvmmsg, then a 1 ms sleep), as moh-bench does, so the two measure the
// same path.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_RECEIVERS 64
#define RECV_BATCH 256
#define PACKET_SIZE 172

static int receivers[MAX_RECEIVERS];
static int receiver_count = 4;
static atomic_int stop_receiving;
static atomic_ullong received;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(int who) {
    struct rusage ru;
    getrusage(who, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

// Drains every receiver socket, then sleeps 1 ms (moh-bench's receiver does the same): a receiver blocked in
// poll() would be woken by nearly every datagram, and the sender would pay for those wake-ups.
static void *drain(void *arg) {
    (void)arg;
    static char buffers[RECV_BATCH][2048];
    struct mmsghdr msgs[RECV_BATCH];
    struct iovec iov[RECV_BATCH];
    while (!atomic_load(&stop_receiving)) {
        for (int i = 0; i < receiver_count; i++) {
            for (;;) {
                for (int j = 0; j < RECV_BATCH; j++) {
                    iov[j] = (struct iovec){.iov_base = buffers[j], .iov_len = sizeof buffers[j]};
                    memset(&msgs[j], 0, sizeof msgs[j]);
                    msgs[j].msg_hdr.msg_iov = &iov[j];
                    msgs[j].msg_hdr.msg_iovlen = 1;
                }
                int n = recvmmsg(receivers[i], msgs, RECV_BATCH, MSG_DONTWAIT, NULL);
                if (n <= 0) break;
                atomic_fetch_add(&received, (unsigned long long)n);
                if (n < RECV_BATCH) break;
            }
        }
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 1000000};
        nanosleep(&pause, NULL);
    }
    return NULL;
}

int main(int argc, char **argv) {
    double seconds = 5;
    int batch = 256;
    long rate = 0;
    int opt;
    while ((opt = getopt(argc, argv, "s:r:b:p:")) != -1) {
        switch (opt) {
        case 's': seconds = atof(optarg); break;
        case 'r': receiver_count = atoi(optarg); break;
        case 'b': batch = atoi(optarg); break;
        case 'p': rate = atol(optarg); break;
        default: fprintf(stderr, "usage: %s [-s SECONDS] [-r RECEIVERS] [-b BATCH] [-p RATE]\n", argv[0]); return 2;
        }
    }
    if (rate > 0) batch = (int)((rate + 999) / 1000);  // one sendmmsg per millisecond
    if (receiver_count < 1 || receiver_count > MAX_RECEIVERS || batch < 1 || batch > 1024) {
        fprintf(stderr, "blaster: 1-%d receivers, batch 1-1024\n", MAX_RECEIVERS);
        return 2;
    }

    struct sockaddr_in addresses[MAX_RECEIVERS];
    for (int i = 0; i < receiver_count; i++) {
        receivers[i] = socket(AF_INET, SOCK_DGRAM, 0);
        int size = 16 << 20;  // SO_RCVBUFFORCE passes net.core.rmem_max as root
        if (setsockopt(receivers[i], SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
            setsockopt(receivers[i], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        struct sockaddr_in any = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        if (bind(receivers[i], (struct sockaddr *)&any, sizeof any) != 0) { perror("bind"); return 1; }
        socklen_t length = sizeof addresses[i];
        getsockname(receivers[i], (struct sockaddr *)&addresses[i], &length);
    }
    int sender = socket(AF_INET, SOCK_DGRAM, 0);
    int size = 4 << 20;
    setsockopt(sender, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);

    pthread_t thread;
    pthread_create(&thread, NULL, drain, NULL);

    static unsigned char payload[1024][PACKET_SIZE];
    struct mmsghdr msgs[1024];
    struct iovec iov[1024];
    for (int j = 0; j < batch; j++) {
        memset(payload[j], 0xFF, PACKET_SIZE);  // µ-law silence after a 12-byte RTP-like header
        payload[j][0] = 0x80;
        iov[j] = (struct iovec){.iov_base = payload[j], .iov_len = PACKET_SIZE};
    }

    unsigned long long sent = 0, errors = 0, next = 0;
    double cpu_start = cpu_seconds(RUSAGE_SELF), sender_cpu_start = cpu_seconds(RUSAGE_THREAD);
    double start = now_seconds(), end = start + seconds;
    unsigned long long received_start = atomic_load(&received);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    while (now_seconds() < end) {
        if (rate > 0) {
            deadline.tv_nsec += 1000000;
            if (deadline.tv_nsec >= 1000000000) {
                deadline.tv_nsec -= 1000000000;
                deadline.tv_sec += 1;
            }
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
        }
        for (int j = 0; j < batch; j++) {
            memset(&msgs[j], 0, sizeof msgs[j]);
            msgs[j].msg_hdr.msg_name = &addresses[next++ % receiver_count];
            msgs[j].msg_hdr.msg_namelen = sizeof addresses[0];
            msgs[j].msg_hdr.msg_iov = &iov[j];
            msgs[j].msg_hdr.msg_iovlen = 1;
            payload[j][2] = (unsigned char)(sent >> 8);
            payload[j][3] = (unsigned char)sent;
        }
        int n = sendmmsg(sender, msgs, batch, 0);
        if (n > 0) sent += (unsigned long long)n;
        else if (errno != EAGAIN && errno != ENOBUFS) errors++;
    }
    double elapsed = now_seconds() - start;
    double cpu = cpu_seconds(RUSAGE_SELF) - cpu_start, sender_cpu = cpu_seconds(RUSAGE_THREAD) - sender_cpu_start;
    usleep(100000);  // let the drain thread catch what is in flight
    unsigned long long got = atomic_load(&received) - received_start;
    atomic_store(&stop_receiving, 1);
    pthread_join(thread, NULL);

    printf("blaster%s: %.0f packets/s sent, %.0f packets/s received (%.1f%% delivered), %d receivers, batch %d, %.1f s, "
           "CPU: sender %.1f%%, process %.1f%%, %llu send errors\n",
           rate > 0 ? " (paced)" : "", sent / elapsed, got / elapsed, sent ? 100.0 * got / sent : 0.0, receiver_count, batch, elapsed,
           100 * sender_cpu / elapsed, 100 * cpu / elapsed, errors);
    return 0;
}
