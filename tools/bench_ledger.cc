// Load generator for the ledger's write path. In one run it measures:
//  - durable appends per second over gRPC (LedgerService on 127.0.0.1) with
//    group commit, for each --submitters count of blocking client threads
//    (a few shared channels, one per --per-channel submitters), and for each
//    --async-submitters count driven from --async-threads completion-queue
//    threads instead (same closed loop: one Submit in flight per submitter);
//  - Ledger::submit in-process (no gRPC) from --inproc-threads threads;
//  - raw LevelDB synced WriteBatches on the same disk, written like the
//    ledger's (leaf, hash index, two tree nodes per entry, one checkpoint per
//    batch), at the mean batch size the ledger reached with 128 submitters
//    and at 1.
// For each run it reports entries/s, latency, checkpoints (= group commits)
// and where the CPU went (submitter threads, committer + LevelDB threads,
// gRPC server threads; and the machine-wide busy cores, to spot a disturbed
// run). From raw LevelDB's CPU per entry plus one entry's parse and signature
// check it derives the most any ledger could append on this machine's cores.
//
//   build/tools/bench_ledger [--submitters 1,16,128] [--entries 20000]
//                            [--seconds 20] [--json out.json]
//
// Every entry is a distinct Disclosure with a ~100-byte inline body, signed
// by an organizer before the clock starts, so client-side signing does not
// count. Each run stops after --entries submissions or --seconds, whichever
// comes first. A sample of the receipts (every --verify-every'th) is checked
// against the signed checkpoint it carries, so the numbers are of real,
// verifiable appends.
#include <grpcpp/grpcpp.h>
#include <leveldb/db.h>
#include <leveldb/write_batch.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <latch>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "conclave.grpc.pb.h"
#include "conclave.pb.h"
#include "crypto/checkpoint.h"
#include "crypto/identity.h"
#include "crypto/merkle.h"
#include "crypto/note.h"
#include "node/core/entry.h"
#include "node/server/ledger.h"
#include "node/server/ledger_service.h"

namespace conclave {
namespace {

using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

constexpr char kOrigin[] = "bench.example.org/ledger";

// Entries carry the current time: the node rejects entries whose time is far
// from its clock.
int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Options {
  std::vector<int> submitters{1, 16, 128};
  std::vector<int> async_submitters{128};
  std::vector<int> batch_submitters{128};
  int batch_size = 32;
  uint64_t snapshot_interval = LedgerOptions{}.snapshot_interval;
  int async_threads = 1;
  int server_max_pollers = 0;  // 0: gRPC's default, as conclaved runs
  int entries = 20000;
  double seconds = 20;
  int inproc_threads = 128;
  double raw_seconds = 5;
  int per_channel = 8;
  int verify_every = 1000;
  int body_bytes = 100;
  std::string dir;
  std::string json_path;
};

// ------------------------------------------------------------------ entries --

v1::EntryBody genesis_body(const Identity& node, const Identity& organizer) {
  v1::EntryBody b;
  b.set_origin(kOrigin);
  b.set_time_unix_ms(now_unix_ms());
  auto* g = b.mutable_genesis();
  g->set_unit_name("Bench unit");
  g->set_node_key(node.public_key().data(), 32);
  auto* p = g->add_organizers();
  p->set_key(organizer.public_key().data(), 32);
  p->set_name("Bench organizer");
  return b;
}

v1::EntryBody disclosure_body(int run, int i, int body_bytes, int64_t time_ms) {
  std::string text = "bench run " + std::to_string(run) + " entry " + std::to_string(i) + " ";
  if (static_cast<int>(text.size()) < body_bytes) text.resize(body_bytes, 'x');
  v1::EntryBody b;
  b.set_origin(kOrigin);
  b.set_time_unix_ms(time_ms);
  auto* d = b.mutable_disclosure();
  d->set_title("Bench document " + std::to_string(i));
  Hash32 h = sha256(as_bytes(text));
  d->set_sha256(h.data(), h.size());
  d->set_size(text.size());
  d->set_inline_body(text);
  d->set_filename("bench.txt");
  return b;
}

// `count` distinct signed entries per run, signed on every core.
std::vector<std::vector<v1::SubmitRequest>> presign(const Identity& organizer, int runs, int count,
                                                    int body_bytes) {
  std::vector<std::vector<v1::SubmitRequest>> out(runs, std::vector<v1::SubmitRequest>(count));
  const int total = runs * count;
  const int workers = std::max(1u, std::thread::hardware_concurrency());
  const int64_t time_ms = now_unix_ms();
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      for (int k = w; k < total; k += workers) {
        const int run = k / count, i = k % count;
        *out[run][i].mutable_entry() =
            core::sign_entry(organizer, disclosure_body(run, i, body_bytes, time_ms));
      }
    });
  }
  for (auto& t : threads) t.join();
  return out;
}

// ------------------------------------------------------------------ results --

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto s = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return s(ru.ru_utime) + s(ru.ru_stime);
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Busy and total CPU seconds of the whole machine so far (/proc/stat), to
// tell how much of it other processes and the kernel used during a run.
std::pair<double, double> machine_cpu_seconds() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  std::vector<double> v;
  for (double x; v.size() < 8 && in >> x;) v.push_back(x);
  v.resize(8, 0);
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double idle = v[3] + v[4];  // idle, iowait
  const double total = std::accumulate(v.begin(), v.end(), 0.0);
  return {(total - idle) / tick, total / tick};
}

// Context switches of the whole process so far: voluntary, involuntary.
std::pair<long, long> context_switches() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return {ru.ru_nvcsw, ru.ru_nivcsw};
}

// CPU seconds of the live threads of this process, summed by thread name.
// Threads inherit their creator's name: the ledger's committer and
// LevelDB's background thread are named after the main thread
// (kMainThreadName); gRPC names its server threads "grpcpp_sync_ser".
constexpr char kMainThreadName[] = "ledger-main";
constexpr char kSubmitterThreadName[] = "submitter";

std::map<std::string, double> cpu_by_thread_name() {
  std::map<std::string, double> out;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream in(task.path() / "stat");
    std::string stat;
    if (!std::getline(in, stat)) continue;
    const size_t open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    std::vector<std::string> f;
    for (std::string x; rest >> x;) f.push_back(x);
    if (f.size() < 13) continue;  // f[0] is field 3 (state); utime, stime are 14, 15
    out[stat.substr(open + 1, close - open - 1)] += (std::stod(f[11]) + std::stod(f[12])) / tick;
  }
  return out;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

struct Sample {
  size_t entry;  // index into the run's entries
  v1::Receipt receipt;
};

// What one submitter thread saw.
struct ThreadLog {
  uint64_t ok = 0;
  uint64_t failed = 0;
  std::string first_error;
  std::vector<double> latency_us;
  std::vector<uint64_t> tree_sizes;  // one per receipt; distinct sizes = batches
  std::vector<Sample> samples;
  double cpu_s = 0;  // this thread's CPU time during the run
};

struct RunResult {
  std::string mode;  // "grpc" or "inproc"
  int submitters = 0;
  uint64_t ok = 0;
  uint64_t failed = 0;
  std::string first_error;
  double wall_s = 0;
  double rate = 0;
  double p50_us = 0, p99_us = 0, mean_us = 0;
  uint64_t batches = 0;
  double mean_batch = 0;
  double cpu_s = 0;
  uint64_t verified = 0;
  bool time_limited = false;
  // Where the CPU went: the submitter threads themselves, the threads named
  // after the main thread (committer, LevelDB compaction), and the rest
  // (gRPC server handlers and pollers, including exited ones).
  double client_cpu_s = 0, ledger_cpu_s = 0, server_cpu_s = 0;
  long voluntary_cs = 0, involuntary_cs = 0;
  double machine_busy_cores = 0;  // all processes and the kernel, /proc/stat

  double per_entry_us(double cpu) const { return ok ? cpu * 1e6 / ok : 0; }

  json to_json() const {
    return {{"mode", mode},
            {"submitters", submitters},
            {"entries_ok", ok},
            {"entries_failed", failed},
            {"first_error", first_error},
            {"wall_seconds", wall_s},
            {"entries_per_second", rate},
            {"latency_p50_us", p50_us},
            {"latency_p99_us", p99_us},
            {"latency_mean_us", mean_us},
            {"checkpoints", batches},
            {"mean_batch", mean_batch},
            {"process_cpu_seconds", cpu_s},
            {"cpu_us_per_entry", per_entry_us(cpu_s)},
            {"client_cpu_us_per_entry", per_entry_us(client_cpu_s)},
            {"committer_and_leveldb_cpu_us_per_entry", per_entry_us(ledger_cpu_s)},
            {"server_cpu_us_per_entry", per_entry_us(server_cpu_s)},
            {"voluntary_context_switches", voluntary_cs},
            {"involuntary_context_switches", involuntary_cs},
            {"cores_busy", wall_s > 0 ? cpu_s / wall_s : 0},
            {"receipts_verified", verified},
            {"machine_busy_cores", machine_busy_cores},
            {"other_cores", std::max(0.0, machine_busy_cores - (wall_s > 0 ? cpu_s / wall_s : 0))},
            {"stopped_by_time_limit", time_limited}};
  }
};

// Checks one receipt: the checkpoint is signed by the node, is for our
// origin and the receipt's tree size, the leaf hash is that of the entry we
// sent, and the inclusion proof leads to the checkpoint's root.
Status verify_receipt(const v1::Receipt& r, const v1::SignedEntry& sent,
                      const NoteVerifier& verifier) {
  Result<Note> note = verifier.open(r.checkpoint());
  if (!note) return note.error();
  Result<Checkpoint> cp = parse_checkpoint_text(note->text);
  if (!cp) return cp.error();
  if (cp->origin != kOrigin) return Error("checkpoint origin is " + cp->origin);
  if (cp->size != r.tree_size()) return Error("checkpoint size differs from the receipt's");
  const Hash32 leaf = merkle_leaf_hash(as_bytes(core::serialize(sent)));
  if (!same_bytes(r.leaf_hash(), leaf)) return Error("leaf hash is not that of the sent entry");
  std::vector<Hash32> proof;
  for (const auto& h : r.inclusion_proof()) {
    if (h.size() != 32) return Error("proof hash of the wrong size");
    Hash32 x;
    std::copy(h.begin(), h.end(), x.begin());
    proof.push_back(x);
  }
  return merkle_verify_inclusion(r.index(), r.tree_size(), leaf, proof, cp->root);
}

// The entries of logical submitter s of n: the s'th contiguous slice.
std::pair<size_t, size_t> slice(size_t total, int s, int n) {
  return {total * s / n, total * (s + 1) / n};
}

// Records one finished submission in log.
void record(ThreadLog& log, const Options& opt, size_t i, Clock::time_point t0, bool ok,
            v1::Receipt&& receipt, const std::string& error) {
  if (!ok) {
    if (log.failed++ == 0) log.first_error = error;
    return;
  }
  ++log.ok;
  log.latency_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  log.tree_sizes.push_back(receipt.tree_size());
  if (i % opt.verify_every == 0) log.samples.push_back({i, std::move(receipt)});
}

// Starts `threads` load threads at once and waits for them.
// work(t, log, deadline, time_up) is thread t's loop; it must stop at the
// deadline (setting time_up) or when its share of the entries is done.
// Then checks the sampled receipts and sums everything up.
template <typename Work>
RunResult drive(const std::string& mode, int submitters, int threads,
                const std::vector<v1::SubmitRequest>& entries, const Options& opt,
                const NoteVerifier& verifier, Work work) {
  std::vector<ThreadLog> logs(threads);
  std::latch ready(threads);
  std::latch go(1);
  std::atomic<bool> time_up{false};
  Clock::time_point deadline{};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      ThreadLog& log = logs[t];
      const size_t share = entries.size() / threads + 1;
      log.latency_us.reserve(share);
      log.tree_sizes.reserve(share);
      pthread_setname_np(pthread_self(), kSubmitterThreadName);
      ready.count_down();
      go.wait();
      const double thread_cpu0 = thread_cpu_seconds();
      work(t, log, deadline, time_up);
      log.cpu_s = thread_cpu_seconds() - thread_cpu0;
    });
  }
  ready.wait();
  const double cpu0 = cpu_seconds();
  const std::map<std::string, double> named0 = cpu_by_thread_name();
  const auto [vcs0, ics0] = context_switches();
  const auto [busy0, all0] = machine_cpu_seconds();
  const Clock::time_point start = Clock::now();
  deadline = start + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(opt.seconds));
  go.count_down();
  for (auto& t : pool) t.join();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu0;
  const auto [vcs1, ics1] = context_switches();
  const auto [busy1, all1] = machine_cpu_seconds();
  std::map<std::string, double> named1 = cpu_by_thread_name();

  RunResult r;
  r.mode = mode;
  r.submitters = submitters;
  r.wall_s = wall;
  r.cpu_s = cpu;
  r.voluntary_cs = vcs1 - vcs0;
  r.machine_busy_cores = wall > 0 ? (busy1 - busy0) / wall : 0;
  r.involuntary_cs = ics1 - ics0;
  // The committer and LevelDB's compaction thread (created by whichever of
  // the main thread and the committer first wrote, so named after it).
  for (const char* name : {kMainThreadName, kCommitterThreadName}) {
    r.ledger_cpu_s += named1[name] - (named0.contains(name) ? named0.at(name) : 0.0);
  }
  r.time_limited = time_up;
  std::vector<double> lat;
  std::set<uint64_t> sizes;
  for (ThreadLog& log : logs) {
    r.ok += log.ok;
    if (log.failed && r.failed == 0) r.first_error = log.first_error;
    r.failed += log.failed;
    r.client_cpu_s += log.cpu_s;
    lat.insert(lat.end(), log.latency_us.begin(), log.latency_us.end());
    sizes.insert(log.tree_sizes.begin(), log.tree_sizes.end());
    for (const Sample& s : log.samples) {
      if (Status v = verify_receipt(s.receipt, entries[s.entry].entry(), verifier); !v) {
        std::cerr << "bench_ledger: receipt for entry " << s.entry
                  << " does not verify: " << v.error().message() << "\n";
        std::exit(1);
      }
      ++r.verified;
    }
  }
  r.server_cpu_s = std::max(0.0, cpu - r.client_cpu_s - r.ledger_cpu_s);
  r.rate = r.ok / wall;
  r.mean_us = lat.empty() ? 0 : std::accumulate(lat.begin(), lat.end(), 0.0) / lat.size();
  r.p50_us = percentile(lat, 0.50);
  r.p99_us = percentile(lat, 0.99);
  r.batches = sizes.size();
  r.mean_batch = r.batches ? static_cast<double>(r.ok) / r.batches : 0;
  return r;
}

// n submitter threads, thread t submitting its slice with blocking calls of
// submit(t, request, &receipt, &error).
template <typename SubmitFn>
RunResult drive_blocking(const std::string& mode, int n,
                         const std::vector<v1::SubmitRequest>& entries, const Options& opt,
                         const NoteVerifier& verifier, SubmitFn submit) {
  return drive(mode, n, n, entries, opt, verifier,
               [&](int t, ThreadLog& log, Clock::time_point deadline, std::atomic<bool>& time_up) {
                 const auto [begin, end] = slice(entries.size(), t, n);
                 for (size_t i = begin; i < end; ++i) {
                   const Clock::time_point t0 = Clock::now();
                   if (t0 >= deadline) {
                     time_up = true;
                     break;
                   }
                   v1::Receipt receipt;
                   std::string error;
                   const bool ok = submit(t, entries[i], &receipt, &error);
                   record(log, opt, i, t0, ok, std::move(receipt), error);
                 }
               });
}

// Stubs over a few channels, each with distinct arguments so that each gets
// its own subchannel (TCP connection) rather than sharing one. Connected and
// warmed up before the clock starts.
std::vector<std::unique_ptr<v1::Ledger::Stub>> make_stubs(const std::string& address, int n,
                                                          const Options& opt) {
  const int channels = std::max(1, (n + opt.per_channel - 1) / opt.per_channel);
  std::vector<std::unique_ptr<v1::Ledger::Stub>> stubs;
  for (int c = 0; c < channels; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("conclave.channel", c);
    args.SetMaxReceiveMessageSize(64 << 20);
    auto channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
      std::cerr << "bench_ledger: cannot connect to " << address << "\n";
      std::exit(1);
    }
    stubs.push_back(v1::Ledger::NewStub(channel));
    grpc::ClientContext ctx;
    v1::CheckpointResponse cr;
    stubs.back()->GetCheckpoint(&ctx, v1::GetCheckpointRequest(), &cr);
  }
  return stubs;
}

RunResult run_grpc(const std::string& address, int n, const std::vector<v1::SubmitRequest>& entries,
                   const Options& opt, const NoteVerifier& verifier) {
  std::vector<std::unique_ptr<v1::Ledger::Stub>> stubs = make_stubs(address, n, opt);
  return drive_blocking(
      "grpc", n, entries, opt, verifier,
      [&](int t, const v1::SubmitRequest& req, v1::Receipt* out, std::string* error) {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
        grpc::Status s = stubs[t % stubs.size()]->Submit(&ctx, req, out);
        if (!s.ok()) *error = std::to_string(s.error_code()) + " " + s.error_message();
        return s.ok();
      });
}

// The same closed loop as run_grpc (n submitters, each with one Submit in
// flight at a time, over the same channels), driven from opt.async_threads
// completion-queue threads instead of n blocking threads.
RunResult run_grpc_async(const std::string& address, int n,
                         const std::vector<v1::SubmitRequest>& entries, const Options& opt,
                         const NoteVerifier& verifier) {
  std::vector<std::unique_ptr<v1::Ledger::Stub>> stubs = make_stubs(address, n, opt);
  const int threads = std::min(n, opt.async_threads);
  struct Call {
    int submitter = 0;
    size_t i = 0;
    Clock::time_point t0;
    grpc::ClientContext ctx;
    v1::Receipt reply;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::Receipt>> rpc;
  };
  return drive(
      "async", n, threads, entries, opt, verifier,
      [&](int t, ThreadLog& log, Clock::time_point deadline, std::atomic<bool>& time_up) {
        grpc::CompletionQueue cq;
        std::vector<size_t> next(n), end(n);
        int in_flight = 0;
        // Starts submitter s's next call, if it has one and there is time.
        auto start = [&](int s) {
          if (next[s] >= end[s]) return;
          const Clock::time_point now = Clock::now();
          if (now >= deadline) {
            time_up = true;
            return;
          }
          auto* c = new Call;
          c->submitter = s;
          c->i = next[s]++;
          c->t0 = now;
          c->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
          c->rpc = stubs[s % stubs.size()]->PrepareAsyncSubmit(&c->ctx, entries[c->i], &cq);
          c->rpc->StartCall();
          c->rpc->Finish(&c->reply, &c->status, c);
          ++in_flight;
        };
        for (int s = t; s < n; s += threads) {
          std::tie(next[s], end[s]) = slice(entries.size(), s, n);
          start(s);
        }
        void* tag = nullptr;
        bool ok = false;
        while (in_flight > 0 && cq.Next(&tag, &ok)) {
          std::unique_ptr<Call> c(static_cast<Call*>(tag));
          --in_flight;
          const bool good = ok && c->status.ok();
          record(log, opt, c->i, c->t0, good, std::move(c->reply),
                 good ? std::string()
                      : std::to_string(c->status.error_code()) + " " + c->status.error_message());
          start(c->submitter);
        }
        cq.Shutdown();
        while (cq.Next(&tag, &ok)) {
        }
      });
}

// n blocking submitters, each sending its slice in SubmitBatch calls of
// opt.batch_size entries (one call in flight per submitter). An entry's
// latency is that of its call.
RunResult run_grpc_batch(const std::string& address, int n,
                         const std::vector<v1::SubmitRequest>& entries, const Options& opt,
                         const NoteVerifier& verifier) {
  std::vector<std::unique_ptr<v1::Ledger::Stub>> stubs = make_stubs(address, n, opt);
  return drive("batch" + std::to_string(opt.batch_size), n, n, entries, opt, verifier,
               [&](int t, ThreadLog& log, Clock::time_point deadline, std::atomic<bool>& time_up) {
                 const auto [begin, end] = slice(entries.size(), t, n);
                 for (size_t i = begin; i < end; i += opt.batch_size) {
                   const Clock::time_point t0 = Clock::now();
                   if (t0 >= deadline) {
                     time_up = true;
                     break;
                   }
                   const size_t stop = std::min(end, i + static_cast<size_t>(opt.batch_size));
                   v1::SubmitBatchRequest req;
                   for (size_t k = i; k < stop; ++k) *req.add_entries() = entries[k];
                   grpc::ClientContext ctx;
                   ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
                   v1::SubmitBatchResponse out;
                   const grpc::Status st = stubs[t % stubs.size()]->SubmitBatch(&ctx, req, &out);
                   for (size_t k = i; k < stop; ++k) {
                     const int at = static_cast<int>(k - i);
                     if (!st.ok() || at >= out.results_size()) {
                       record(log, opt, k, t0, false, {},
                              std::to_string(st.error_code()) + " " + st.error_message());
                       continue;
                     }
                     v1::SubmitResult& r = *out.mutable_results(at);
                     record(log, opt, k, t0, r.code() == 0, std::move(*r.mutable_receipt()),
                            std::to_string(r.code()) + " " + r.message());
                   }
                 }
               });
}

RunResult run_inproc(Ledger& ledger, int n, const std::vector<v1::SubmitRequest>& entries,
                     const Options& opt, const NoteVerifier& verifier) {
  return drive_blocking(
      "inproc", n, entries, opt, verifier,
      [&](int, const v1::SubmitRequest& req, v1::Receipt* out, std::string* error) {
        Result<v1::Receipt> r = ledger.submit(req.entry());
        if (!r) {
          *error = r.error().message();
          return false;
        }
        *out = std::move(*r);
        return true;
      });
}

// --------------------------------------------------------------- raw LevelDB --

struct RawResult {
  int batch = 0;
  int writers = 1;  // threads writing at once (LevelDB groups their writes)
  uint64_t entries = 0;
  uint64_t writes = 0;
  double wall_s = 0;
  double rate = 0;
  double write_p50_us = 0, write_p99_us = 0;
  uint64_t bytes_per_entry = 0;
  double cpu_us_per_entry = 0;  // the whole process: writers and LevelDB's threads

  json to_json() const {
    return {{"batch", batch},
            {"cpu_us_per_entry", cpu_us_per_entry},
            {"writers", writers},
            {"entries", entries},
            {"writes", writes},
            {"wall_seconds", wall_s},
            {"entries_per_second", rate},
            {"write_p50_us", write_p50_us},
            {"write_p99_us", write_p99_us},
            {"bytes_per_entry", bytes_per_entry}};
  }
};

std::string key_u64(char tag, uint64_t v, std::optional<uint8_t> level = std::nullopt) {
  std::string k(1, tag);
  if (level) k.push_back(static_cast<char>(*level));
  for (int s = 56; s >= 0; s -= 8) k.push_back(static_cast<char>(v >> s));
  return k;
}

// One entry as the ledger writes it: the leaf under "e"‖index, "h"‖leaf hash
// → index, and two tree-node hashes.
void put_raw_entry(leveldb::WriteBatch& wb, uint64_t i, const std::string& leaf, const Hash32& h) {
  const leveldb::Slice hs(reinterpret_cast<const char*>(h.data()), h.size());
  wb.Put(key_u64('e', i), leaf);
  wb.Put(std::string("h") + hs.ToString(), key_u64('x', i).substr(1));
  wb.Put(key_u64('n', i, 0), hs);
  wb.Put(key_u64('n', i / 2, 1), hs);
}

std::unique_ptr<leveldb::DB> open_raw(const std::filesystem::path& dir) {
  leveldb::Options o;
  o.create_if_missing = true;
  o.paranoid_checks = true;
  leveldb::DB* raw = nullptr;
  leveldb::Status st = leveldb::DB::Open(o, dir.string(), &raw);
  if (!st.ok()) {
    std::cerr << "bench_ledger: leveldb open: " << st.ToString() << "\n";
    std::exit(1);
  }
  return std::unique_ptr<leveldb::DB>(raw);
}

// `writers` threads at once, each writing one entry and the checkpoint per
// synced WriteBatch: raw LevelDB under the same concurrency as the ledger's
// submitters, with LevelDB's own grouping of concurrent writes.
RawResult run_raw_concurrent(const std::filesystem::path& dir, int writers,
                             const std::vector<std::string>& leaves,
                             const std::vector<Hash32>& hashes, const std::string& checkpoint,
                             const Options& opt) {
  std::unique_ptr<leveldb::DB> db = open_raw(dir);
  const double cpu0 = cpu_seconds();
  std::atomic<uint64_t> next{0};
  std::atomic<bool> failed{false};
  const uint64_t limit = opt.entries;
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(opt.raw_seconds));
  std::vector<std::vector<double>> lats(writers);
  std::vector<std::thread> pool;
  for (int w = 0; w < writers; ++w) {
    pool.emplace_back([&, w] {
      leveldb::WriteOptions wo;
      wo.sync = true;
      for (;;) {
        const uint64_t i = next.fetch_add(1);
        if (i >= limit || Clock::now() >= deadline) break;
        leveldb::WriteBatch wb;
        put_raw_entry(wb, i, leaves[i % leaves.size()], hashes[i % hashes.size()]);
        wb.Put("c", checkpoint);
        const Clock::time_point t0 = Clock::now();
        if (!db->Write(wo, &wb).ok()) failed = true;
        lats[w].push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
    });
  }
  for (auto& t : pool) t.join();
  if (failed) {
    std::cerr << "bench_ledger: leveldb write failed\n";
    std::exit(1);
  }
  RawResult r;
  r.batch = 1;
  r.writers = writers;
  std::vector<double> lat;
  for (const auto& l : lats) lat.insert(lat.end(), l.begin(), l.end());
  r.entries = r.writes = lat.size();
  r.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  r.cpu_us_per_entry = r.entries ? (cpu_seconds() - cpu0) * 1e6 / r.entries : 0;
  r.rate = r.entries / r.wall_s;
  r.write_p50_us = percentile(lat, 0.5);
  r.write_p99_us = percentile(lat, 0.99);
  return r;
}

// Synced WriteBatches of `batch` entries, each written as the ledger writes
// one: the leaf under "e"‖index, "h"‖leaf hash → index, and two tree-node
// hashes; plus the checkpoint under "c" once per batch.
RawResult run_raw(const std::filesystem::path& dir, int batch,
                  const std::vector<std::string>& leaves, const std::vector<Hash32>& hashes,
                  const std::string& checkpoint, const Options& opt) {
  std::unique_ptr<leveldb::DB> db = open_raw(dir);
  leveldb::Status st;
  leveldb::WriteOptions wo;
  wo.sync = true;
  RawResult r;
  r.batch = batch;
  std::vector<double> lat;
  const uint64_t limit = opt.entries;
  uint64_t next = 0;
  uint64_t bytes = 0;
  const double cpu0 = cpu_seconds();
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(opt.raw_seconds));
  while (next < limit && Clock::now() < deadline) {
    leveldb::WriteBatch wb;
    const uint64_t end = std::min<uint64_t>(next + batch, limit);
    for (uint64_t i = next; i < end; ++i) {
      put_raw_entry(wb, i, leaves[i % leaves.size()], hashes[i % hashes.size()]);
    }
    wb.Put("c", checkpoint);
    bytes += wb.ApproximateSize();
    const Clock::time_point t0 = Clock::now();
    st = db->Write(wo, &wb);
    lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!st.ok()) {
      std::cerr << "bench_ledger: leveldb write: " << st.ToString() << "\n";
      std::exit(1);
    }
    r.entries += end - next;
    ++r.writes;
    next = end;
  }
  r.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  r.rate = r.entries / r.wall_s;
  r.cpu_us_per_entry = r.entries ? (cpu_seconds() - cpu0) * 1e6 / r.entries : 0;
  r.write_p50_us = percentile(lat, 0.5);
  r.write_p99_us = percentile(lat, 0.99);
  r.bytes_per_entry = r.entries ? bytes / r.entries : 0;
  return r;
}

// ------------------------------------------------------------------ machine --

std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "unknown";
}

// CPU µs per call of fn over `n` calls on this thread (CPU time rather than
// wall time, so that other processes on the machine disturb it less).
template <typename Fn>
double time_per_call(int n, Fn fn) {
  const double t0 = thread_cpu_seconds();
  for (int i = 0; i < n; ++i) fn(i);
  return (thread_cpu_seconds() - t0) * 1e6 / n;
}

void print_run(const RunResult& r) {
  std::printf("%-7s %10d %10llu %8.1f %12.0f %10.0f %10.0f %11llu %10.1f %9.0f %6.2f %5llu%s\n",
              r.mode.c_str(), r.submitters, static_cast<unsigned long long>(r.ok), r.wall_s, r.rate,
              r.p50_us, r.p99_us, static_cast<unsigned long long>(r.batches), r.mean_batch,
              r.ok ? r.cpu_s * 1e6 / r.ok : 0.0, r.wall_s > 0 ? r.cpu_s / r.wall_s : 0.0,
              static_cast<unsigned long long>(r.verified), r.time_limited ? "  (time limit)" : "");
  if (r.failed) {
    std::printf("        %llu submissions failed, first: %s\n",
                static_cast<unsigned long long>(r.failed), r.first_error.c_str());
  }
}

void print_cpu(const std::vector<const RunResult*>& runs) {
  std::printf(
      "\nCPU per entry in us (process total; submitter threads; committer + LevelDB\n"
      "threads; the rest = gRPC server threads), context switches per entry, and the\n"
      "cores busy machine-wide (this process, the kernel's work outside it, and any other\n"
      "process: if 'machine' exceeds 'this' by much, the run was disturbed):\n");
  std::printf("%-7s %10s %8s %10s %10s %10s %10s %10s %6s %8s\n", "mode", "submitters", "total",
              "submitters", "committer", "server", "vol cs/e", "invol cs/e", "this", "machine");
  for (const RunResult* r : runs) {
    const double n = r->ok ? static_cast<double>(r->ok) : 1.0;
    std::printf("%-7s %10d %8.0f %10.0f %10.0f %10.0f %10.2f %10.2f %6.2f %8.2f\n", r->mode.c_str(),
                r->submitters, r->per_entry_us(r->cpu_s), r->per_entry_us(r->client_cpu_s),
                r->per_entry_us(r->ledger_cpu_s), r->per_entry_us(r->server_cpu_s),
                r->voluntary_cs / n, r->involuntary_cs / n,
                r->wall_s > 0 ? r->cpu_s / r->wall_s : 0, r->machine_busy_cores);
  }
}

void print_run_header() {
  std::printf("%-7s %10s %10s %8s %12s %10s %10s %11s %10s %9s %6s %5s\n", "mode", "submitters",
              "entries", "wall s", "entries/s", "p50 us", "p99 us", "checkpoints", "mean batch",
              "cpu us/e", "cores", "vrfd");
}

int run(int argc, char** argv, const Options& opt) {
  std::string cmdline;
  for (int i = 0; i < argc; ++i) cmdline += (i ? " " : "") + std::string(argv[i]);
  const unsigned ncpu = std::thread::hardware_concurrency();
  pthread_setname_np(pthread_self(), kMainThreadName);
  const std::string model = cpu_model();
  const std::string load_before = loadavg();
  std::printf("machine: %u cpus, %s, load average %s\ncommand: %s\n", ncpu, model.c_str(),
              load_before.c_str(), cmdline.c_str());

  std::string base = opt.dir;
  if (base.empty()) base = std::filesystem::temp_directory_path().string();
  std::string tmpl = (std::filesystem::path(base) / "bench-ledger-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    std::perror("bench_ledger: mkdtemp");
    return 1;
  }
  const std::filesystem::path dir = tmpl;
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  } cleanup{dir};
  std::printf("data dir: %s\n", dir.c_str());

  Identity node = Identity::generate();
  Identity organizer = Identity::generate();

  // Pre-sign every entry: one set per gRPC run plus one for in-process.
  const int runs = static_cast<int>(opt.submitters.size() + opt.async_submitters.size() +
                                    opt.batch_submitters.size()) +
                   1;
  Clock::time_point t0 = Clock::now();
  std::vector<std::vector<v1::SubmitRequest>> entries =
      presign(organizer, runs, opt.entries, opt.body_bytes);
  double leaf_bytes = 0;
  for (const auto& e : entries[0]) leaf_bytes += e.entry().ByteSizeLong();
  leaf_bytes /= entries[0].size();
  std::printf("pre-signed %d entries (mean leaf %.0f bytes) in %.1f s\n", runs * opt.entries,
              leaf_bytes, std::chrono::duration<double>(Clock::now() - t0).count());

  // Per-entry costs on one thread, for the analysis.
  const int micro_n = std::min(opt.entries, 2000);
  const double parse_us = time_per_call(micro_n, [&](int i) {
    if (!core::parse_entry(entries[0][i].entry())) std::abort();
  });
  const v1::SignedEntry& first = entries[0][0].entry();
  const double key_us = time_per_call(micro_n, [&](int) {
    if (!decode_public_key(as_bytes(first.author()))) std::abort();
  });
  const PublicKey author = *decode_public_key(as_bytes(first.author()));
  const double verify_us = time_per_call(micro_n, [&](int) {
    if (!verify_signature(author, core::kEntrySignatureDomain, as_bytes(first.body()),
                          as_bytes(first.signature()))) {
      std::abort();
    }
  });
  std::string sink;
  const double encode_us = time_per_call(micro_n, [&](int i) {
    sink.clear();
    entries[0][i].SerializeToString(&sink);
  });
  const double decode_us = time_per_call(micro_n, [&](int i) {
    entries[0][i].SerializeToString(&sink);
    v1::SubmitRequest r;
    if (!r.ParseFromString(sink)) std::abort();
  });
  std::printf(
      "one thread, CPU time per call: parse_entry %.1f us (of which decode_public_key %.1f us, "
      "Ed25519 "
      "verify_signature %.1f us); SubmitRequest encode %.2f us, encode+decode %.2f us\n",
      parse_us, key_us, verify_us, encode_us, decode_us);

  Result<std::unique_ptr<Ledger>> opened =
      Ledger::open(dir / "log", node,
                   LedgerOptions{.origin = kOrigin, .snapshot_interval = opt.snapshot_interval});
  if (!opened) {
    std::cerr << "bench_ledger: " << opened.error().message() << "\n";
    return 1;
  }
  Ledger& ledger = **opened;
  if (Result<v1::Receipt> g = ledger.submit(core::sign_entry(node, genesis_body(node, organizer)));
      !g) {
    std::cerr << "bench_ledger: genesis: " << g.error().message() << "\n";
    return 1;
  }
  Result<NoteVerifier> verifier = NoteVerifier::from_key_string(ledger.verifier_key());
  if (!verifier) {
    std::cerr << "bench_ledger: " << verifier.error().message() << "\n";
    return 1;
  }

  LedgerService service(ledger);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  if (opt.server_max_pollers > 0) {
    builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                                opt.server_max_pollers);
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::cerr << "bench_ledger: cannot start the gRPC server\n";
    return 1;
  }
  const std::string address = "127.0.0.1:" + std::to_string(port);

  std::printf("\n");
  print_run_header();
  std::vector<RunResult> results;
  for (size_t k = 0; k < opt.submitters.size(); ++k) {
    results.push_back(run_grpc(address, opt.submitters[k], entries[k], opt, *verifier));
    print_run(results.back());
  }
  std::vector<RunResult> async_results;
  for (size_t k = 0; k < opt.async_submitters.size(); ++k) {
    async_results.push_back(run_grpc_async(address, opt.async_submitters[k],
                                           entries[opt.submitters.size() + k], opt, *verifier));
    print_run(async_results.back());
  }
  std::vector<RunResult> batch_results;
  for (size_t k = 0; k < opt.batch_submitters.size(); ++k) {
    const size_t set = opt.submitters.size() + opt.async_submitters.size() + k;
    batch_results.push_back(
        run_grpc_batch(address, opt.batch_submitters[k], entries[set], opt, *verifier));
    print_run(batch_results.back());
  }
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server->Wait();

  RunResult inproc = run_inproc(ledger, opt.inproc_threads, entries.back(), opt, *verifier);
  print_run(inproc);
  std::vector<const RunResult*> all;
  for (const RunResult& r : results) all.push_back(&r);
  for (const RunResult& r : async_results) all.push_back(&r);
  for (const RunResult& r : batch_results) all.push_back(&r);
  all.push_back(&inproc);
  print_cpu(all);
  const std::string checkpoint_note = ledger.checkpoint().note;
  const uint64_t log_size = ledger.size();
  opened->reset();

  // Raw LevelDB at the batch size the ledger reached with the most
  // submitters (128 if run), and at 1.
  const RunResult* ref = nullptr;
  for (const RunResult& r : results) {
    if (r.submitters == 128 || !ref || (ref->submitters != 128 && r.submitters > ref->submitters)) {
      ref = &r;
    }
  }
  std::vector<std::string> leaves;
  std::vector<Hash32> hashes;
  for (const auto& e : entries[0]) {
    leaves.push_back(core::serialize(e.entry()));
    hashes.push_back(merkle_leaf_hash(as_bytes(leaves.back())));
  }
  std::vector<int> raw_batches;
  if (ref) raw_batches.push_back(std::max(1, static_cast<int>(ref->mean_batch + 0.5)));
  if (raw_batches.empty() || raw_batches[0] != 1) raw_batches.push_back(1);
  std::printf(
      "\nraw LevelDB, synced WriteBatch (entry + hash index + 2 node hashes per entry, "
      "checkpoint per batch):\n");
  std::printf("%8s %10s %8s %8s %12s %12s %12s %9s\n", "batch", "entries", "writes", "wall s",
              "entries/s", "write p50 us", "write p99 us", "cpu us/e");
  std::vector<RawResult> raw;
  for (int b : raw_batches) {
    raw.push_back(
        run_raw(dir / ("raw-" + std::to_string(b)), b, leaves, hashes, checkpoint_note, opt));
    const RawResult& r = raw.back();
    std::printf("%8d %10llu %8llu %8.1f %12.0f %12.0f %12.0f %9.1f\n", r.batch,
                static_cast<unsigned long long>(r.entries),
                static_cast<unsigned long long>(r.writes), r.wall_s, r.rate, r.write_p50_us,
                r.write_p99_us, r.cpu_us_per_entry);
  }
  const int writers = ref ? ref->submitters : 128;
  const RawResult conc =
      run_raw_concurrent(dir / "raw-concurrent", writers, leaves, hashes, checkpoint_note, opt);
  std::printf(
      "raw LevelDB, %d threads each writing one entry per synced WriteBatch: %llu entries in "
      "%.1f s, %.0f entries/s, write p50 %.0f us, p99 %.0f us, cpu %.1f us/e\n",
      writers, static_cast<unsigned long long>(conc.entries), conc.wall_s, conc.rate,
      conc.write_p50_us, conc.write_p99_us, conc.cpu_us_per_entry);
  // An upper bound for any ledger on this machine: each entry costs at least
  // what LevelDB spends on it in its cheapest raw run plus one parse_entry
  // (signature verification), with gRPC, the state machine and the clients
  // free, and only ncpu cores exist to spend it on.
  double raw_cpu_us = conc.cpu_us_per_entry;
  for (const RawResult& r : raw) raw_cpu_us = std::min(raw_cpu_us, r.cpu_us_per_entry);
  const double floor_us = raw_cpu_us + parse_us;
  const double ceiling = floor_us > 0 ? ncpu * 1e6 / floor_us : 0;
  std::printf(
      "CPU floor per ledger entry: raw LevelDB %.1f us + parse_entry %.1f us = %.1f us; on %u "
      "cores at most %.0f entries/s: %.2f of raw LevelDB (%d concurrent writers)",
      raw_cpu_us, parse_us, floor_us, ncpu, ceiling, conc.rate > 0 ? ceiling / conc.rate : 0.0,
      writers);
  if (!raw.empty() && raw[0].rate > 0) {
    std::printf(", %.2f of raw LevelDB (batch %d)", ceiling / raw[0].rate, raw[0].batch);
  }
  std::printf("\n");

  double ratio = 0;
  if (ref && !raw.empty() && raw[0].rate > 0) {
    ratio = ref->rate / raw[0].rate;
    std::printf("\nledger over gRPC (%d submitters) / raw LevelDB (batch %d): %.3f\n",
                ref->submitters, raw[0].batch, ratio);
  }
  if (inproc.rate > 0 && ref) {
    std::printf("ledger over gRPC (%d submitters) / in-process ledger (%d threads): %.3f\n",
                ref->submitters, inproc.submitters, ref->rate / inproc.rate);
  }
  for (const RunResult& a : async_results) {
    if (!raw.empty() && raw[0].rate > 0) {
      std::printf(
          "ledger over gRPC, async client (%d submitters, %d threads) / raw LevelDB "
          "(batch %d): %.3f\n",
          a.submitters, std::min(a.submitters, opt.async_threads), raw[0].batch,
          a.rate / raw[0].rate);
    }
  }
  if (ref && conc.rate > 0) {
    std::printf("ledger over gRPC (%d submitters) / raw LevelDB (%d concurrent writers): %.3f\n",
                ref->submitters, conc.writers, ref->rate / conc.rate);
  }
  for (const RunResult& b : batch_results) {
    if (conc.rate > 0) {
      std::printf(
          "ledger over gRPC, SubmitBatch of %d (%d submitters) / raw LevelDB (%d concurrent "
          "writers): %.3f\n",
          opt.batch_size, b.submitters, conc.writers, b.rate / conc.rate);
    }
    if (!raw.empty() && raw[0].rate > 0) {
      std::printf(
          "ledger over gRPC, SubmitBatch of %d (%d submitters) / raw LevelDB (batch %d): "
          "%.3f\n",
          opt.batch_size, b.submitters, raw[0].batch, b.rate / raw[0].rate);
    }
  }
  const std::string load_after = loadavg();
  std::printf("log size at the end: %llu entries; load average %s\n",
              static_cast<unsigned long long>(log_size), load_after.c_str());

  if (!opt.json_path.empty()) {
    json j;
    j["machine"] = {{"nproc", ncpu},
                    {"cpu_model", model},
                    {"loadavg_before", load_before},
                    {"loadavg_after", load_after}};
    j["command"] = cmdline;
    j["options"] = {{"submitters", opt.submitters},
                    {"async_submitters", opt.async_submitters},
                    {"async_threads", opt.async_threads},
                    {"batch_submitters", opt.batch_submitters},
                    {"batch_size", opt.batch_size},
                    {"snapshot_interval", opt.snapshot_interval},
                    {"server_max_pollers", opt.server_max_pollers},
                    {"entries", opt.entries},
                    {"seconds", opt.seconds},
                    {"inproc_threads", opt.inproc_threads},
                    {"raw_seconds", opt.raw_seconds},
                    {"per_channel", opt.per_channel},
                    {"body_bytes", opt.body_bytes},
                    {"verify_every", opt.verify_every}};
    j["mean_leaf_bytes"] = leaf_bytes;
    j["single_thread_us"] = {{"parse_entry", parse_us},
                             {"decode_public_key", key_us},
                             {"verify_signature", verify_us},
                             {"submit_request_encode", encode_us},
                             {"submit_request_encode_decode", decode_us}};
    j["grpc"] = json::array();
    for (const RunResult& r : results) j["grpc"].push_back(r.to_json());
    j["grpc_async_client"] = json::array();
    for (const RunResult& r : async_results) j["grpc_async_client"].push_back(r.to_json());
    j["grpc_submit_batch"] = json::array();
    for (const RunResult& r : batch_results) j["grpc_submit_batch"].push_back(r.to_json());
    j["inproc"] = inproc.to_json();
    j["raw_leveldb"] = json::array();
    for (const RawResult& r : raw) j["raw_leveldb"].push_back(r.to_json());
    j["raw_leveldb_concurrent"] = conc.to_json();
    j["ceiling_entries_per_second"] = ceiling;
    j["ratio_grpc_over_raw"] = ratio;
    j["ratio_grpc_over_raw_concurrent"] = (ref && conc.rate > 0) ? ref->rate / conc.rate : 0;
    j["ratio_grpc_over_inproc"] = (inproc.rate > 0 && ref) ? ref->rate / inproc.rate : 0;
    std::ofstream out(opt.json_path);
    out << j.dump(2) << "\n";
    if (!out) {
      std::cerr << "bench_ledger: cannot write " << opt.json_path << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace conclave

int main(int argc, char** argv) {
  conclave::Options opt;
  CLI::App app{"Durable appends per second of the conclave ledger over gRPC"};
  app.add_option("--submitters", opt.submitters, "concurrent gRPC submitters per run; 0 for none")
      ->delimiter(',');
  app.add_option("--async-submitters", opt.async_submitters,
                 "concurrent submitters per run of the async (completion-queue) client; "
                 "0 for none")
      ->delimiter(',');
  app.add_option("--batch-submitters", opt.batch_submitters,
                 "concurrent submitters per run sending SubmitBatch calls; 0 for none")
      ->delimiter(',');
  app.add_option("--batch-size", opt.batch_size, "entries per SubmitBatch call")
      ->check(CLI::Range(1, 1024));
  app.add_option("--snapshot-interval", opt.snapshot_interval,
                 "the ledger's state snapshot interval (0: none)");
  app.add_option("--async-threads", opt.async_threads, "threads of the async client")
      ->check(CLI::PositiveNumber);
  app.add_option("--server-max-pollers", opt.server_max_pollers,
                 "experiment: the sync server's MAX_POLLERS (0 = gRPC's default, as in "
                 "conclaved)");
  app.add_option("--entries", opt.entries, "entries per run at most")->check(CLI::PositiveNumber);
  app.add_option("--seconds", opt.seconds, "time limit per run")->check(CLI::PositiveNumber);
  app.add_option("--inproc-threads", opt.inproc_threads, "threads of the in-process run")
      ->check(CLI::PositiveNumber);
  app.add_option("--raw-seconds", opt.raw_seconds, "time limit per raw LevelDB run")
      ->check(CLI::PositiveNumber);
  app.add_option("--per-channel", opt.per_channel, "submitters sharing one gRPC channel")
      ->check(CLI::PositiveNumber);
  app.add_option("--verify-every", opt.verify_every, "verify every n'th receipt")
      ->check(CLI::PositiveNumber);
  app.add_option("--body-bytes", opt.body_bytes, "inline document size")
      ->check(CLI::PositiveNumber);
  app.add_option("--dir", opt.dir, "where to make the temporary data dir (default: TMPDIR)");
  app.add_option("--json", opt.json_path, "write all numbers to this file");
  CLI11_PARSE(app, argc, argv);
  std::erase_if(opt.async_submitters, [](int n) { return n <= 0; });
  std::erase_if(opt.batch_submitters, [](int n) { return n <= 0; });
  std::erase_if(opt.submitters, [](int n) { return n <= 0; });
  return conclave::run(argc, argv, opt);
}
