#include "live/zookeeper/fake_clock.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace leasesim::live::zookeeper {

namespace {

int64_t ns_of(const timespec& t) { return t.tv_sec * 1'000'000'000LL + t.tv_nsec; }

// (m - s) x drift, the part of the reading a rate other than 1 adds since the process started.
int64_t drifted(int64_t elapsed, int64_t drift_ppb) {
  return static_cast<int64_t>(static_cast<__int128>(elapsed) * drift_ppb / sim::kPerfectRatePpb);
}

}  // namespace

int64_t monotonic_ns() {
  timespec t{};
  ::clock_gettime(CLOCK_MONOTONIC, &t);
  return ns_of(t);
}

int64_t realtime_minus_monotonic_ns() {
  timespec mono{}, real{};
  ::clock_gettime(CLOCK_MONOTONIC, &mono);
  ::clock_gettime(CLOCK_REALTIME, &real);
  return ns_of(real) - ns_of(mono);
}

FakeClock::FakeClock(std::string file, const sim::Clock& target, int64_t tick_ns, int64_t realtime_minus_monotonic)
    : file_(std::move(file)), clock_(target), tick_(tick_ns), w_(realtime_minus_monotonic) {}

std::vector<std::string> FakeClock::environment() const {
  return {std::string("LD_PRELOAD=") + kFakeTimeLibrary, "FAKETIME_TIMESTAMP_FILE=" + file_, "FAKETIME_NO_CACHE=1"};
}

int64_t FakeClock::fake_at(const Piece& p, int64_t m) const { return m + w_ + p.a + drifted(m - p.s, p.drift_ppb); }

// Before the run's zero (align() comes a few hundred ms ahead of it) the clock's first piece is
// extended backwards.
int64_t FakeClock::wanted(int64_t m) const {
  const int64_t t = m - t0_;
  if (t >= 0) return b_ + clock_.local_at(sim::Instant{t}).ns;
  return b_ + clock_.local_at(sim::Instant{0}).ns + t + drifted(t, clock_.drift_ppb());
}

void FakeClock::starting(int64_t m) {
  if (aligned_) {
    s_ = m;
    write(m);
    return;
  }
  // Before the run's zero only the grid matters: the reading is m + offset modulo the tick, and
  // align() then corrects what the drift added meanwhile (a step of milliseconds, before t0).
  s_ = m;
  const int64_t offset = clock_.local_at(sim::Instant{0}).ns;
  pieces_.push_back({m, s_, offset - w_ % tick_, clock_.drift_ppb()});
  write_file();
}

void FakeClock::align(int64_t t0, int64_t m) {
  t0_ = t0;
  b_ = t0 + w_ / tick_ * tick_;
  aligned_ = true;
  write(m);
}

void FakeClock::set_drift(int64_t m, int64_t drift_ppb) {
  clock_.set_drift(sim::Instant{m - t0_}, drift_ppb);
  write(m);
}

void FakeClock::jump(int64_t m, sim::Duration step) {
  clock_.jump(sim::Instant{m - t0_}, step);
  write(m);
}

// The process is stopped (SIGSTOP) while its clock is: nothing reads it until resume().
void FakeClock::stop(int64_t m) { clock_.stop(sim::Instant{m - t0_}); }

void FakeClock::resume(int64_t m) {
  clock_.resume(sim::Instant{m - t0_});
  write(m);
}

void FakeClock::write(int64_t m) {
  const int64_t drift = clock_.drift_ppb();
  pieces_.push_back({m, s_, wanted(m) - m - w_ - drifted(m - s_, drift), drift});
  write_file();
}

void FakeClock::write_file() {
  const Piece& p = pieces_.back();
  char text[96];
  std::snprintf(text, sizeof text, "%+.9Lf x%.12Lf", static_cast<long double>(p.a) / 1e9L,
                1.0L + static_cast<long double>(p.drift_ppb) / static_cast<long double>(sim::kPerfectRatePpb));
  spec_ = text;
  const std::string tmp = file_ + ".new";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << spec_ << '\n';
    if (!out) throw std::runtime_error("cannot write the libfaketime specification " + tmp);
  }
  std::filesystem::rename(tmp, file_);
}

int64_t FakeClock::monotonic_of(int64_t fake_ns) const {
  for (size_t k = pieces_.size(); k-- > 0;) {
    const Piece& p = pieces_[k];
    // fake = m + w + a + (m - s) d / 1e9  =>  m = (fake - w - a + s d / 1e9) / (1 + d / 1e9)
    const long double rate = 1.0L + static_cast<long double>(p.drift_ppb) / 1e9L;
    const auto m = static_cast<int64_t>((static_cast<long double>(fake_ns - w_ - p.a) + static_cast<long double>(p.s) * (rate - 1.0L)) / rate);
    const bool before_next = k + 1 == pieces_.size() || m < pieces_[k + 1].from;
    if (m >= p.from && before_next) return m;
  }
  // Skipped by a forward step (or before the first piece): the first piece reading past it.
  for (const Piece& p : pieces_) {
    if (fake_at(p, p.from) > fake_ns) return p.from;
  }
  return pieces_.empty() ? fake_ns - w_ : pieces_.back().from;
}

}  // namespace leasesim::live::zookeeper
