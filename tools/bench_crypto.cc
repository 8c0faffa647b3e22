// Benchmarks of crypto/: every proof's prove and verify, a 3-option ballot
// contest, and the libsodium primitives they are built from, so that
// docs/benchmarks.md can report each construction against the cost its
// operation count predicts.
//
//   build/tools/bench_crypto --benchmark_min_time=0.5
#include <benchmark/benchmark.h>
#include <sodium.h>

#include "crypto/contest.h"
#include "crypto/dkg.h"
#include "crypto/dleq.h"
#include "crypto/elgamal.h"
#include "crypto/identity.h"
#include "crypto/schnorr.h"
#include "crypto/sodium_init.h"

namespace conclave {
namespace {

ProofBinding binding() {
  return {Bytes(64, 1), Bytes(32, 2), "bench"};
}

// --- libsodium primitives -------------------------------------------------

void BM_Sodium_ScalarMultVarBase(benchmark::State& state) {
  Point P = Point::base_mul(Scalar::random());
  Scalar s = Scalar::random();
  unsigned char out[32];
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        crypto_scalarmult_ristretto255(out, s.bytes().data(), P.bytes().data()));
  }
}
BENCHMARK(BM_Sodium_ScalarMultVarBase);

void BM_Sodium_ScalarMultBase(benchmark::State& state) {
  Scalar s = Scalar::random();
  unsigned char out[32];
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto_scalarmult_ristretto255_base(out, s.bytes().data()));
  }
}
BENCHMARK(BM_Sodium_ScalarMultBase);

void BM_Sodium_PointAdd(benchmark::State& state) {
  Point P = Point::base_mul(Scalar::random()), Q = Point::base_mul(Scalar::random());
  unsigned char out[32];
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto_core_ristretto255_add(out, P.bytes().data(), Q.bytes().data()));
  }
}
BENCHMARK(BM_Sodium_PointAdd);

void BM_Sodium_Ed25519Verify(benchmark::State& state) {
  Identity id = Identity::generate();
  Bytes msg(200, 7);
  Signature sig = id.sign_raw(msg);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        crypto_sign_verify_detached(sig.data(), msg.data(), msg.size(), id.public_key().data()));
  }
}
BENCHMARK(BM_Sodium_Ed25519Verify);

// --- proofs -----------------------------------------------------------------

void BM_Schnorr_Prove(benchmark::State& state) {
  Scalar x = Scalar::random();
  Point X = Point::base_mul(x);
  for (auto _ : state) benchmark::DoNotOptimize(schnorr_prove(x, X, binding()));
}
BENCHMARK(BM_Schnorr_Prove);

void BM_Schnorr_Verify(benchmark::State& state) {
  Scalar x = Scalar::random();
  Point X = Point::base_mul(x);
  SchnorrProof p = schnorr_prove(x, X, binding());
  for (auto _ : state) benchmark::DoNotOptimize(schnorr_verify(X, p, binding()).ok());
}
BENCHMARK(BM_Schnorr_Verify);

void BM_Dleq_Prove(benchmark::State& state) {
  Scalar x = Scalar::random();
  Point X = Point::base_mul(x), A = Point::base_mul(Scalar::random());
  Point Y = A * x;
  for (auto _ : state) benchmark::DoNotOptimize(dleq_prove(x, X, A, Y, binding()));
}
BENCHMARK(BM_Dleq_Prove);

void BM_Dleq_Verify(benchmark::State& state) {
  Scalar x = Scalar::random();
  Point X = Point::base_mul(x), A = Point::base_mul(Scalar::random());
  Point Y = A * x;
  DleqProof p = dleq_prove(x, X, A, Y, binding());
  for (auto _ : state) benchmark::DoNotOptimize(dleq_verify(X, A, Y, p, binding()).ok());
}
BENCHMARK(BM_Dleq_Verify);

// Range proofs for [0, L]; the argument is L.
void BM_Range_Prove(benchmark::State& state) {
  const uint64_t L = static_cast<uint64_t>(state.range(0));
  Point K = Point::base_mul(Scalar::random());
  Scalar r = Scalar::random();
  Ciphertext ct = elgamal_encrypt(K, L, r);
  for (auto _ : state) benchmark::DoNotOptimize(range_prove(K, ct, r, L, 0, L, binding()).ok());
}
BENCHMARK(BM_Range_Prove)->Arg(1)->Arg(3)->Arg(9);

void BM_Range_Verify(benchmark::State& state) {
  const uint64_t L = static_cast<uint64_t>(state.range(0));
  Point K = Point::base_mul(Scalar::random());
  Scalar r = Scalar::random();
  Ciphertext ct = elgamal_encrypt(K, L, r);
  RangeProof p = *range_prove(K, ct, r, L, 0, L, binding());
  for (auto _ : state) benchmark::DoNotOptimize(range_verify(K, ct, 0, L, p, binding()).ok());
}
BENCHMARK(BM_Range_Verify)->Arg(1)->Arg(3)->Arg(9);

// --- ElGamal and ballots ----------------------------------------------------

void BM_ElGamal_Encrypt(benchmark::State& state) {
  Point K = Point::base_mul(Scalar::random());
  Scalar r = Scalar::random();
  for (auto _ : state) benchmark::DoNotOptimize(elgamal_encrypt(K, 1, r));
}
BENCHMARK(BM_ElGamal_Encrypt);

const ContestRules kThreeOptions{"r1", 3, 0, 1};

void BM_Contest3_Encrypt(benchmark::State& state) {
  Point K = Point::base_mul(Scalar::random());
  Bytes seed(32, 5);
  for (auto _ : state) {
    benchmark::DoNotOptimize(encrypt_contest(K, seed, kThreeOptions, {0, 1, 0}, binding()).ok());
  }
}
BENCHMARK(BM_Contest3_Encrypt);

void BM_Contest3_Verify(benchmark::State& state) {
  Point K = Point::base_mul(Scalar::random());
  EncryptedContest c = *encrypt_contest(K, Bytes(32, 5), kThreeOptions, {0, 1, 0}, binding());
  for (auto _ : state)
    benchmark::DoNotOptimize(verify_contest(K, kThreeOptions, c, binding()).ok());
}
BENCHMARK(BM_Contest3_Verify);

void BM_DlogTable_Build100k(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(DlogTable(100000).max_message());
}
BENCHMARK(BM_DlogTable_Build100k)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_DlogTable_Lookup(benchmark::State& state) {
  DlogTable table(100000);
  Point p = Point::base_mul(Scalar::from_u64(54321));
  for (auto _ : state) benchmark::DoNotOptimize(table.lookup(p));
}
BENCHMARK(BM_DlogTable_Lookup);

void BM_Dkg_VerifyShare_t3(benchmark::State& state) {
  Polynomial poly = Polynomial::random(3);
  DkgCommitment c = dkg_commit(poly, 1, binding());
  Scalar share = poly.eval(2);
  for (auto _ : state) benchmark::DoNotOptimize(dkg_verify_share(c.coefficients, 2, share).ok());
}
BENCHMARK(BM_Dkg_VerifyShare_t3);

}  // namespace
}  // namespace conclave

int main(int argc, char** argv) {
  conclave::ensure_sodium();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
