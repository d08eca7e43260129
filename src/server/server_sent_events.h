// Server-sent events (WHATWG HTML, "Server-sent events"): the text/event-stream frames the
// answer stream (GET /api/ask/stream) writes, and a reader of such a stream for its clients and
// tests. Only the fields Evident uses: `event` and `data`.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evident {

struct ServerSentEvent {
  std::string event;  //!< the event type; "message" when the stream names none
  std::string data;   //!< the data lines, joined with "\n"
};

//! "event: NAME\ndata: DATA\n\n"; each line of `data` becomes a data line of its own.
std::string EventFrame(const ServerSentEvent& event);

//! The complete events in `stream`, in order (an event is complete at its blank line); comments
//! and unknown fields are skipped, as a browser skips them.
std::vector<ServerSentEvent> ParseEventStream(std::string_view stream);

}  // namespace evident
