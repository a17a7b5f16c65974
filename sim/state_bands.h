// How a protocol's `state` events are drawn (the HTML timeline's bands, Perfetto's state
// tracks): which states form a band across a node's lane and in which colour. A protocol
// declares its bands once (Protocol::state_bands); the reports derive each node's intervals
// from the trace by these names and draw them. A state no band names is not drawn as a band
// (it stays an event, shown when hovered).
#pragma once

#include <string>
#include <vector>

namespace leasesim::sim {

// One state of a band: the `state` event's name exactly ("LEADING") and its CSS colour.
struct DrawnState {
  std::string name;
  std::string colour;   // "#2e7d32": opaque, drawn as is (the screenshot tests look for it)
  bool marked = false;  // entering it is marked across the whole timeline (a new leader)
};

// States that replace one another on a node: a server's role, a client's connection.
struct StateBand {
  std::string name;                 // "role": the band's name on hover and its Perfetto track
  std::vector<DrawnState> states = {};
  // `state` events whose name starts with one of these are written on the band where they
  // happen ("epoch " writes "epoch 3" where the server learns it).
  std::vector<std::string> labels = {};
  // The state is the node's view of its peer (a session at the master): one band per (node,
  // peer), drawn on the peer's lane. Otherwise the band is the node's own, on its lane.
  bool on_peer = false;
};

}  // namespace leasesim::sim
