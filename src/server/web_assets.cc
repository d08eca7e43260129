#include "server/web_assets.h"

#include <algorithm>

namespace evident {

const WebAsset* FindWebAsset(std::string_view path) {
  const auto& assets = WebAssets();
  auto it = std::lower_bound(assets.begin(), assets.end(), path,
                             [](const WebAsset& a, std::string_view p) { return a.path < p; });
  return it != assets.end() && it->path == path ? &*it : nullptr;
}

}  // namespace evident
