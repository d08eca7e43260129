#include "server/server_sent_events.h"

namespace evident {

std::string EventFrame(const ServerSentEvent& event) {
  std::string frame = "event: " + event.event + "\n";
  size_t begin = 0;
  while (true) {
    size_t end = event.data.find('\n', begin);
    frame += "data: " + event.data.substr(begin, end - begin) + "\n";
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  return frame + "\n";
}

std::vector<ServerSentEvent> ParseEventStream(std::string_view stream) {
  std::vector<ServerSentEvent> events;
  ServerSentEvent current;
  bool has_data = false;
  size_t begin = 0;
  for (size_t end; (end = stream.find('\n', begin)) != std::string_view::npos; begin = end + 1) {
    std::string_view line = stream.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {  // the event is complete
      if (has_data) {
        if (current.event.empty()) current.event = "message";
        events.push_back(std::move(current));
      }
      current = {};
      has_data = false;
      continue;
    }
    size_t colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "event") {
      current.event = value;
    } else if (field == "data") {
      if (has_data) current.data += '\n';
      current.data += value;
      has_data = true;
    }
  }
  return events;
}

}  // namespace evident
