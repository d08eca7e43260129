// FakeEutilsServer: test support — a loopback E-utilities that replays real NCBI replies from
// the shared data (corpus/pubmed_xml: biopython's esearch1.xml, efetch output pubmed1.xml, ...).
// It records every request with the time of a test clock when it arrived, and can be told to
// fail the next requests of an endpoint (429, 5xx) to exercise retries.
// Thread-safety: thread-safe (handlers run on the server's threads).
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/input_file.h"
#include "common/testing.h"
#include "net/loopback_server.h"

namespace evident::testing {

//! Four PMIDs for a search to find: the articles of biopython's pubmed1.xml and pubmed2.xml.
inline const std::vector<std::string> kFourPmids = {"12091962", "9997", "11748933", "11700088"};

//! A real reply file of the shared data, by its path under corpus/pubmed_xml.
inline std::string RealEutilsReply(const std::string& name) {
  auto text = ReadFileContents(DataDir() + "/corpus/pubmed_xml/" + name);
  return text.ok() ? *text : "";
}

//! biopython's real esearch reply (esearch1.xml) as NCBI shapes it for usehistory=y: the same
//! document with QueryKey and WebEnv after RetStart, and `ids` as its Count and IdList.
inline std::string HistoryEsearchReply(const std::vector<std::string>& ids,
                                       const std::string& web_env = "MCID_6929f8c35c5bd4f1") {
  std::string xml = RealEutilsReply("biopython/esearch1.xml");
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = xml.find(from);
    if (at != std::string::npos) xml.replace(at, from.size(), to);
  };
  std::string n = std::to_string(ids.size());
  replace("<Count>63</Count><RetMax>20</RetMax><RetStart>0</RetStart>",
          "<Count>" + n + "</Count><RetMax>" + n + "</RetMax><RetStart>0</RetStart><QueryKey>1" +
              "</QueryKey><WebEnv>" + web_env + "</WebEnv>");
  size_t begin = xml.find("<IdList>") + 8;
  size_t end = xml.find("</IdList>");
  std::string list = "\n";
  for (const auto& id : ids) list += "<Id>" + id + "</Id>\n";
  xml.replace(begin, end - begin, list);
  return xml;
}

struct EutilsRequest {
  std::string endpoint;  //!< "esearch.fcgi", "efetch.fcgi"
  std::map<std::string, std::string> params;
  Clock::TimePoint at;  //!< the test clock when it arrived
};

class FakeEutilsServer {
 public:
  explicit FakeEutilsServer(Clock* clock)
      : clock_(clock), server_([this](httplib::Server& s) {
          s.Get(R"(/entrez/eutils/(esearch|efetch)\.fcgi)",
                [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
        }) {}

  std::string base_url() const { return server_.Url("/entrez/eutils"); }

  void SetEsearchReply(std::string xml) {
    std::lock_guard lock(mu_);
    esearch_ = std::move(xml);
  }
  //! The efetch reply for a history request starting at `retstart`, or for any request by id
  //! when `retstart` is -1.
  void SetEfetchReply(int retstart, std::string xml) {
    std::lock_guard lock(mu_);
    efetch_[retstart] = std::move(xml);
  }
  //! The next `times` requests to `endpoint` get `status` (and `retry_after` if not empty).
  void FailNext(const std::string& endpoint, int status, int times,
                const std::string& retry_after = "") {
    std::lock_guard lock(mu_);
    for (int i = 0; i < times; ++i) failures_[endpoint].push_back({status, retry_after});
  }
  std::vector<EutilsRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  size_t count(const std::string& endpoint) const {
    std::lock_guard lock(mu_);
    size_t n = 0;
    for (const auto& r : requests_) n += r.endpoint == endpoint ? 1 : 0;
    return n;
  }

 private:
  struct Failure {
    int status;
    std::string retry_after;
  };

  void Handle(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu_);
    EutilsRequest recorded{req.matches[1].str() + ".fcgi", {}, clock_->Now()};
    for (const auto& [name, value] : req.params) recorded.params[name] = value;
    requests_.push_back(recorded);
    auto& failures = failures_[recorded.endpoint];
    if (!failures.empty()) {
      Failure f = failures.front();
      failures.pop_front();
      res.status = f.status;
      if (!f.retry_after.empty()) res.set_header("Retry-After", f.retry_after);
      // NCBI's reply to going too fast names the key (or the caller's address).
      res.set_content(f.status == 429 ? R"({"error":"API rate limit exceeded","api-key":")" +
                                            recorded.params["api_key"] + R"(","count":"4"})"
                                      : "<html>Internal Server Error</html>",
                      f.status == 429 ? "application/json" : "text/html");
      return;
    }
    if (recorded.endpoint == "esearch.fcgi") {
      res.set_content(esearch_, "text/xml");
      return;
    }
    int key = recorded.params.count("retstart") ? std::stoi(recorded.params["retstart"]) : -1;
    auto it = efetch_.find(key);
    if (it == efetch_.end()) {
      res.set_content("<eFetchResult><ERROR>Empty result - nothing to do</ERROR></eFetchResult>",
                      "text/xml");
      return;
    }
    res.set_content(it->second, "text/xml");
  }

  Clock* clock_;
  mutable std::mutex mu_;
  std::string esearch_;
  std::map<int, std::string> efetch_;
  std::map<std::string, std::deque<Failure>> failures_;
  std::vector<EutilsRequest> requests_;
  LoopbackServer server_;  // last: stops before the state its handlers use goes away
};

}  // namespace evident::testing
