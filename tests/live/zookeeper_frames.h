// ZooKeeper wire frames built byte by byte (zookeeper.jute's records, big-endian), for the
// proxy's tests: what the C client and the server put on a connection.
#pragma once

#include <cstdint>
#include <string>

namespace leasesim::live::zookeeper::frames {

inline void put32(std::string& s, int32_t v) {
  for (int i = 3; i >= 0; --i) s += static_cast<char>((static_cast<uint32_t>(v) >> (8 * i)) & 0xff);
}
inline void put64(std::string& s, int64_t v) {
  put32(s, static_cast<int32_t>(static_cast<uint64_t>(v) >> 32));
  put32(s, static_cast<int32_t>(static_cast<uint64_t>(v) & 0xffffffffu));
}
inline std::string framed(const std::string& body) {
  std::string s;
  put32(s, static_cast<int32_t>(body.size()));
  return s + body;
}
// Both handshake records end with the password (16 bytes, length-prefixed) and readOnly.
inline void put_passwd_and_read_only(std::string& b) {
  put32(b, 16);
  b += std::string(16, '\0');
  b += '\0';
}
// ConnectRequest: protocolVersion, lastZxidSeen, timeOut, sessionId, passwd (16 bytes), readOnly.
inline std::string connect_request(int32_t timeout_ms, int64_t session) {
  std::string b;
  put32(b, 0);
  put64(b, 0);
  put32(b, timeout_ms);
  put64(b, session);
  put_passwd_and_read_only(b);
  return framed(b);
}
// ConnectResponse: protocolVersion, timeOut, sessionId, passwd, readOnly.
inline std::string connect_response(int32_t timeout_ms, int64_t session) {
  std::string b;
  put32(b, 0);
  put32(b, timeout_ms);
  put64(b, session);
  put_passwd_and_read_only(b);
  return framed(b);
}
// RequestHeader (xid, type) and a path.
inline std::string request(int32_t xid, int32_t type, const std::string& path) {
  std::string b;
  put32(b, xid);
  put32(b, type);
  put32(b, static_cast<int32_t>(path.size()));
  b += path;
  return framed(b);
}
inline std::string ping() {
  std::string b;
  put32(b, -2);
  put32(b, 11);
  return framed(b);
}
// ReplyHeader (xid, zxid, err).
inline std::string reply(int32_t xid) {
  std::string b;
  put32(b, xid);
  put64(b, 0);
  put32(b, 0);
  return framed(b);
}

}  // namespace leasesim::live::zookeeper::frames
