#include "ingest/eutils_client.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "common/input_file.h"

namespace evident {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// Text of the first element called `name` under `parent` (direct children only), or "".
std::string ChildText(xmlNode* parent, std::string_view name) {
  for (xmlNode* c = xmlFirstElementChild(parent); c != nullptr; c = xmlNextElementSibling(c)) {
    if (name == reinterpret_cast<const char*>(c->name)) {
      xmlChar* text = xmlNodeGetContent(c);
      std::string out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
      xmlFree(text);
      return out;
    }
  }
  return "";
}

xmlNode* ChildElement(xmlNode* parent, std::string_view name) {
  for (xmlNode* c = xmlFirstElementChild(parent); c != nullptr; c = xmlNextElementSibling(c)) {
    if (name == reinterpret_cast<const char*>(c->name)) return c;
  }
  return nullptr;
}

// An eSearchResult document: Count, IdList/Id, WebEnv, QueryKey; an ERROR element is an error.
Result<EsearchResult> ParseEsearch(const std::string& xml) {
  // No DTD, no network: the DOCTYPE names an https DTD that is never needed.
  xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "esearch.xml", nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return Status::Corruption("reply is not XML");
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> owned(doc, &xmlFreeDoc);
  xmlNode* root = xmlDocGetRootElement(doc);
  if (root == nullptr ||
      std::string_view("eSearchResult") != reinterpret_cast<const char*>(root->name)) {
    return Status::Corruption("reply is not an eSearchResult");
  }
  if (std::string error = ChildText(root, "ERROR"); !error.empty()) {
    return Status::InvalidArgument("NCBI says: " + error);
  }
  std::string count = ChildText(root, "Count");
  if (count.empty() || !std::all_of(count.begin(), count.end(), ::isdigit)) {
    return Status::Corruption("eSearchResult without a Count");
  }
  EsearchResult result;
  result.count = std::strtoll(count.c_str(), nullptr, 10);
  result.web_env = ChildText(root, "WebEnv");
  result.query_key = ChildText(root, "QueryKey");
  if (xmlNode* ids = ChildElement(root, "IdList")) {
    for (xmlNode* id = xmlFirstElementChild(ids); id != nullptr; id = xmlNextElementSibling(id)) {
      xmlChar* text = xmlNodeGetContent(id);
      if (text != nullptr) result.pmids.emplace_back(reinterpret_cast<const char*>(text));
      xmlFree(text);
    }
  }
  return result;
}

// An efetch reply must be a PubmedArticleSet; NCBI reports some failures (an expired history
// session, say) as a 200 reply holding an ERROR element instead.
Status CheckEfetch(const std::string& xml) {
  if (xml.find("<PubmedArticleSet") != std::string::npos) return Status::OK();
  size_t error = xml.find("<ERROR>");
  if (error != std::string::npos) {
    size_t end = xml.find("</ERROR>", error);
    return Status::Unavailable(
        "NCBI says: " + xml.substr(error + 7, end == std::string::npos ? 200 : end - error - 7));
  }
  return Status::Corruption("reply is not a PubmedArticleSet: " + xml.substr(0, 120));
}

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// The request as a cache key: endpoint and its parameters, never a secret.
std::string CacheKey(const std::string& endpoint, const Params& params) {
  std::string key = endpoint;
  for (const auto& [name, value] : params) key += "\n" + name + "=" + value;
  return key;
}

}  // namespace

Result<std::string> EsearchDate(const std::string& date) {
  auto digits = [&](size_t from, size_t n) {
    if (date.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(date[i]))) return false;
    }
    return true;
  };
  bool ok = (date.size() == 4 && digits(0, 4)) ||
            (date.size() == 7 && digits(0, 4) && date[4] == '-' && digits(5, 2)) ||
            (date.size() == 10 && digits(0, 4) && date[4] == '-' && digits(5, 2) &&
             date[7] == '-' && digits(8, 2));
  if (!ok) return Status::InvalidArgument("date '" + date + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
  std::string month = date.size() >= 7 ? date.substr(5, 2) : "01";
  std::string day = date.size() == 10 ? date.substr(8, 2) : "01";
  if (month < "01" || month > "12" || day < "01" || day > "31") {
    return Status::InvalidArgument("date '" + date + "' has no such month or day");
  }
  return date.substr(0, 4) + "/" + month + "/" + day;
}

EutilsClient::EutilsClient(EutilsOptions options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : Clock::System()),
      limiter_(options_.requests_per_second > 0 ? options_.requests_per_second
               : options_.api_key.empty()       ? 3
                                                : 10,
               std::chrono::seconds(1), clock_),
      cache_(options_.cache_dir, "xml") {
  if (!options_.http) options_.http = NewHttpClient();
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
}

Result<std::string> EutilsClient::Get(const std::string& what, const std::string& endpoint,
                                      Params params) {
  if (!options_.tool.empty()) params.emplace_back("tool", options_.tool);
  if (!options_.email.empty()) params.emplace_back("email", options_.email);
  if (!options_.api_key.empty()) params.emplace_back("api_key", options_.api_key);
  HttpRequest request;
  request.url = options_.base_url + "/" + endpoint + "?" + QueryString(params);
  request.timeout_ms = options_.timeout_ms;
  // Whatever NCBI echoes back (its 429 reply names the key) is shown without the key.
  auto redact = [&](std::string text) {
    if (options_.api_key.empty()) return text;
    for (size_t at; (at = text.find(options_.api_key)) != std::string::npos;) {
      text.replace(at, options_.api_key.size(), "<api key>");
    }
    return text;
  };
  std::string last_error;
  for (int attempt = 1;; ++attempt) {
    limiter_.Acquire();
    ++stats_.requests;
    auto response = options_.http->Send(request);
    Clock::Duration wait = std::chrono::milliseconds(
        std::min<int64_t>(int64_t{options_.initial_backoff_ms} << std::min(attempt - 1, 20),
                          options_.max_backoff_ms));
    if (!response.ok()) {
      last_error = response.status().message();
    } else if (response->status == 200) {
      return std::move(response->body);
    } else {
      last_error =
          "HTTP " + std::to_string(response->status) + ": " + redact(response->body.substr(0, 200));
      bool retryable = response->status == 429 || response->status >= 500;
      if (!retryable) return Status::InvalidArgument(what + ": " + last_error);
      // Retry-After in seconds, when the server says how long to wait.
      std::string after = response->Header("Retry-After");
      if (!after.empty() && std::all_of(after.begin(), after.end(), ::isdigit)) {
        auto asked = std::chrono::seconds(std::strtoll(after.c_str(), nullptr, 10));
        wait = std::max<Clock::Duration>(
            wait,
            std::min<Clock::Duration>(asked, std::chrono::milliseconds(options_.max_backoff_ms)));
      }
    }
    if (attempt >= options_.max_attempts) break;
    ++stats_.retries;
    clock_->SleepFor(wait);
  }
  return Status::Unavailable(what + ": " + last_error + " (gave up after " +
                             std::to_string(options_.max_attempts) + " attempts)");
}

Result<EsearchResult> EutilsClient::Search(const PubmedQuery& query, bool use_cache) {
  if (query.term.empty()) return Status::InvalidArgument("esearch: empty query");
  if (query.max_results < 1 || query.max_results > kMaxPubmedResults) {
    return Status::InvalidArgument("esearch: max results must be 1 to " +
                                   std::to_string(kMaxPubmedResults));
  }
  Params params = {{"db", "pubmed"},
                   {"term", query.term},
                   {"retmax", std::to_string(query.max_results)},
                   {"sort", "relevance"},
                   {"usehistory", "y"}};
  if (!query.since.empty()) {
    auto since = EsearchDate(query.since);
    if (!since.ok()) return since.status().WithContext("esearch");
    params.insert(params.end(), {{"datetype", "pdat"}, {"mindate", *since}, {"maxdate", "3000"}});
  }
  std::string what = "esearch '" + query.term + "'";
  std::string key = CacheKey("esearch", params);
  if (use_cache) {
    if (auto path = cache_.Lookup(key, options_.search_cache_ttl)) {
      if (auto xml = ReadFileContents(*path); xml.ok()) {
        if (auto parsed = ParseEsearch(*xml); parsed.ok()) {
          ++stats_.cache_hits;
          parsed->from_cache = true;
          return parsed;
        }
      }
    }
  }
  auto xml = Get(what, "esearch.fcgi", params);
  if (!xml.ok()) return xml.status();
  auto parsed = ParseEsearch(*xml);
  if (!parsed.ok()) return parsed.status().WithContext(what);
  if (auto put = cache_.Put(key, *xml); !put.ok()) return put.status().WithContext(what);
  return parsed;
}

std::string EutilsClient::FetchKey(const EsearchResult& search, int retstart, int retmax) const {
  size_t begin = std::min<size_t>(retstart, search.pmids.size());
  size_t end = std::min<size_t>(begin + retmax, search.pmids.size());
  std::vector<std::string> ids(search.pmids.begin() + begin, search.pmids.begin() + end);
  return CacheKey("efetch", {{"db", "pubmed"}, {"retmode", "xml"}, {"id", Join(ids, ',')}});
}

bool EutilsClient::IsFetchCached(const EsearchResult& search, int retstart, int retmax) const {
  return cache_.Lookup(FetchKey(search, retstart, retmax)).has_value();
}

Result<EfetchBatch> EutilsClient::Fetch(const EsearchResult& search, int retstart, int retmax,
                                        bool use_cache) {
  if (retstart < 0 || retmax < 1 || static_cast<size_t>(retstart) >= search.pmids.size()) {
    return Status::InvalidArgument("efetch: no results from " + std::to_string(retstart));
  }
  retmax = std::min<int>(retmax, static_cast<int>(search.pmids.size()) - retstart);
  EfetchBatch batch{.path = "", .retstart = retstart, .retmax = retmax, .from_cache = false};
  std::string key = FetchKey(search, retstart, retmax);
  if (use_cache) {
    if (auto path = cache_.Lookup(key)) {
      ++stats_.cache_hits;
      batch.path = *path;
      batch.from_cache = true;
      return batch;
    }
  }
  Params params = {{"db", "pubmed"}, {"retmode", "xml"}};
  if (!search.web_env.empty()) {
    params.insert(params.end(), {{"WebEnv", search.web_env},
                                 {"query_key", search.query_key},
                                 {"retstart", std::to_string(retstart)},
                                 {"retmax", std::to_string(retmax)}});
  } else {
    std::vector<std::string> ids(search.pmids.begin() + retstart,
                                 search.pmids.begin() + retstart + retmax);
    params.emplace_back("id", Join(ids, ','));
  }
  std::string what =
      "efetch of results " + std::to_string(retstart + 1) + "-" + std::to_string(retstart + retmax);
  auto xml = Get(what, "efetch.fcgi", params);
  if (!xml.ok()) return xml.status();
  if (Status valid = CheckEfetch(*xml); !valid.ok()) return valid.WithContext(what);
  auto path = cache_.Put(key, *xml);
  if (!path.ok()) return path.status().WithContext(what);
  batch.path = *path;
  return batch;
}

}  // namespace evident
