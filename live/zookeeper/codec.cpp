#include "live/zookeeper/codec.h"

namespace leasesim::live::zookeeper {

namespace {

int32_t be32(const std::string& s, size_t at) {
  if (s.size() < at + 4) return 0;
  const auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[at + i])); };
  return static_cast<int32_t>(b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3));
}

int64_t be64(const std::string& s, size_t at) {
  if (s.size() < at + 8) return 0;
  return static_cast<int64_t>(static_cast<uint64_t>(static_cast<uint32_t>(be32(s, at))) << 32 |
                              static_cast<uint32_t>(be32(s, at + 4)));
}

// ZooDefs.OpCode values the lock recipe and the session use.
constexpr int32_t kOpCreate = 1, kOpExists = 3, kOpPing = 11, kOpCreate2 = 15, kOpCreateContainer = 19, kOpCreateTtl = 21,
                  kOpCloseSession = -11, kOpSetWatches = 101, kOpAuth = 100;
constexpr int32_t kXidWatch = -1, kXidPing = -2, kXidAuth = -4, kXidSetWatches = -8;
constexpr size_t kLen = 4;  // every frame starts with its length

}  // namespace

void FrameSplitter::feed(const char* data, size_t n) {
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  buf_.append(data, n);
}

std::optional<std::string> FrameSplitter::next() {
  if (broken_ || buf_.size() - pos_ < kLen) return std::nullopt;
  const uint32_t len = static_cast<uint32_t>(be32(buf_, pos_));
  if (len > kMaxFrame) {
    broken_ = true;
    return std::nullopt;
  }
  if (buf_.size() - pos_ < kLen + len) return std::nullopt;
  std::string frame = buf_.substr(pos_, kLen + len);
  pos_ += kLen + len;
  if (pos_ > (1u << 20)) {  // keep the buffer from growing with what was handed out
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  return frame;
}

std::string FrameSplitter::take_rest() {
  std::string rest = buf_.substr(pos_);
  buf_.clear();
  pos_ = 0;
  return rest;
}

std::string request_kind(int32_t type) {
  switch (type) {
    case kOpCreate:
    case kOpCreate2:
    case kOpCreateContainer:
    case kOpCreateTtl: return "Create";
    case kOpExists: return "Exists";
    case kOpPing: return "Ping";
    default: return "";
  }
}

FrameInfo ConnectionCodec::from_client(const std::string& f) {
  FrameInfo out;
  if (!client_started_) {
    // ConnectRequest: protocolVersion int, lastZxidSeen long, timeOut int, sessionId long, passwd.
    client_started_ = true;
    out.kind = "ConnectRequest";
    out.timeout_ms = be32(f, kLen + 12);
    out.session = be64(f, kLen + 16);
    return out;
  }
  const int32_t xid = be32(f, kLen);
  const int32_t type = be32(f, kLen + 4);
  if (xid == kXidPing) {
    out.kind = "Ping";
    out.ping = true;
    return out;
  }
  pending_[xid] = type;
  out.kind = request_kind(type);
  if (out.kind.empty()) {
    out.kind = type == kOpCloseSession ? "CloseSession" : type == kOpSetWatches ? "SetWatches" : type == kOpAuth ? "Auth" : "Request";
  }
  return out;
}

FrameInfo ConnectionCodec::from_server(const std::string& f) {
  FrameInfo out;
  if (!server_started_) {
    // ConnectResponse: protocolVersion int, timeOut int (0: the session expired), sessionId long.
    server_started_ = true;
    out.kind = "ConnectResponse";
    out.timeout_ms = be32(f, kLen + 4);
    out.session = be64(f, kLen + 8);
    return out;
  }
  const int32_t xid = be32(f, kLen);
  if (xid == kXidPing) {
    out.kind = "PingReply";
    out.ping = true;
    return out;
  }
  if (xid == kXidWatch) {
    out.kind = "WatchEvent";
    return out;
  }
  const auto it = pending_.find(xid);
  const int32_t type = it == pending_.end() ? 0 : it->second;
  if (it != pending_.end()) pending_.erase(it);
  const std::string request = request_kind(type);
  if (!request.empty()) {
    out.kind = request + "Reply";
  } else {
    out.kind = xid == kXidSetWatches ? "SetWatchesReply" : xid == kXidAuth ? "AuthReply" : type == kOpCloseSession ? "CloseSessionReply" : "Reply";
  }
  return out;
}

}  // namespace leasesim::live::zookeeper
