// ZooKeeper's client wire protocol as the fault proxy needs it: frames (a 4-byte big-endian
// length, then a jute record) reassembled from a TCP byte stream, and each frame named by the
// kind of message it is, in the ZooKeeper model's names (model/zookeeper/messages.h), so that a
// scenario's selectors (`message: PingReply`) pick the same messages live as simulated.
//
// The first frame each way is the handshake (ConnectRequest, ConnectResponse); later client
// frames start with a RequestHeader (xid, type), server frames with a ReplyHeader (xid, zxid,
// err). A reply is named by the request that had its xid (kept per connection); xid -2 is a
// ping and its reply, -1 a watch event. Sources: zookeeper.jute, ClientCnxn.java, zookeeper.c.
// No asio here: it is tested on bytes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leasesim::live::zookeeper {

// Splits one direction of a connection into frames (each with its 4-byte length prefix).
class FrameSplitter {
 public:
  // Frames over this many bytes mean the stream is not ZooKeeper's (jute's own limit is 1 MB
  // of data by default, `jute.maxbuffer`); the proxy then passes the rest through unnamed.
  static constexpr uint32_t kMaxFrame = 16u << 20;
  void feed(const char* data, size_t n);
  // The next complete frame, or nothing yet.
  std::optional<std::string> next();
  bool broken() const { return broken_; }
  // What was fed but is not in a frame handed out (a broken stream's rest).
  std::string take_rest();

 private:
  std::string buf_;
  size_t pos_ = 0;
  bool broken_ = false;
};

// What one frame is.
struct FrameInfo {
  std::string kind;         // a model message name, or ZooKeeper's own name for one the model lacks
  int64_t session = 0;      // a ConnectRequest's or ConnectResponse's session id
  int32_t timeout_ms = -1;  // a ConnectRequest's requested / a ConnectResponse's negotiated timeout
  bool ping = false;        // a ping or its reply: dropping it leaves the stream intact
};

// Names the frames of one connection, both directions, in the order each direction carries them.
class ConnectionCodec {
 public:
  FrameInfo from_client(const std::string& frame);
  FrameInfo from_server(const std::string& frame);

 private:
  bool client_started_ = false;
  bool server_started_ = false;
  std::map<int32_t, int32_t> pending_;  // xid -> request type, until its reply
};

// The model's name for a request type (ZooDefs.OpCode), "" for one it has no name for.
std::string request_kind(int32_t type);

}  // namespace leasesim::live::zookeeper
