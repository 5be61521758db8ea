#include "api/blob_metadata.hpp"

#include <algorithm>
#include <cctype>

#include "engine/utf8.hpp"

namespace dc::api {

using engine::BlobMetadata;
using engine::ErrorKind;
using engine::make_error;

namespace {

constexpr std::size_t max_key_bytes = 128;
constexpr std::size_t max_value_bytes = 2048;
constexpr std::size_t max_entries = 64;
constexpr std::size_t max_total_bytes = 8 * 1024;
constexpr std::string_view header_prefix = "x-deltacloud-blobmeta-";

/// `X-Deltacloud-Blobmeta-` in any case, with `-` or `_` between its words.
bool has_metadata_prefix(std::string_view name) {
  if (name.size() < header_prefix.size()) return false;
  for (std::size_t i = 0; i < header_prefix.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
    if (header_prefix[i] == '-' ? (c != '-' && c != '_') : c != header_prefix[i]) return false;
  }
  return true;
}

std::optional<std::string> normal_key(std::string_view key) {
  if (key.empty() || key.size() > max_key_bytes) return std::nullopt;
  std::string out;
  for (unsigned char c : key) {
    if (c == '-' || c == '_')
      out += '_';
    else if (std::isalnum(c))
      out += static_cast<char>(std::tolower(c));
    else
      return std::nullopt;
  }
  return out;
}

bool valid_value(std::string_view value) {
  if (value.size() > max_value_bytes || !engine::is_valid_utf8(value)) return false;
  return std::none_of(value.begin(), value.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}

engine::Error bad(std::string what) {
  return make_error(ErrorKind::validation, std::move(what));
}

/// Adds an entry (a repeated key keeps its first place and takes the last value).
void put(BlobMetadata& into, std::string key, std::string value) {
  for (auto& entry : into)
    if (entry.first == key) {
      entry.second = std::move(value);
      return;
    }
  into.emplace_back(std::move(key), std::move(value));
}

engine::Result<BlobMetadata> checked(BlobMetadata meta) {
  std::size_t total = 0;
  for (auto& [k, v] : meta) total += k.size() + v.size();
  if (meta.size() > max_entries)
    return bad("Too many metadata entries (" + std::to_string(meta.size()) + "; at most " +
               std::to_string(max_entries) + ")");
  if (total > max_total_bytes)
    return bad("Blob metadata is too large (" + std::to_string(total) + " bytes; at most " +
               std::to_string(max_total_bytes) + ")");
  return meta;
}

}  // namespace

engine::Result<BlobMetadata> metadata_from_headers(const HeaderList& headers) {
  BlobMetadata meta;
  for (auto& [name, value] : headers) {
    if (!has_metadata_prefix(name)) continue;
    auto key = normal_key(std::string_view{name}.substr(header_prefix.size()));
    if (!key)
      return bad("Invalid metadata header '" + name +
                 "': the key after the prefix must be 1-128 letters, digits, '-' or '_'");
    auto text = std::string{trim(value)};
    if (!valid_value(text))
      return bad("Invalid value of metadata header '" + name +
                 "': at most 2048 bytes of UTF-8 without control characters");
    put(meta, std::move(*key), std::move(text));
  }
  return checked(std::move(meta));
}

engine::Result<BlobMetadata> metadata_from_form(const Params& params) {
  BlobMetadata meta;
  auto count_text = params.get("meta_params");
  if (!count_text || count_text->empty()) return meta;
  if (count_text->size() > 3 || count_text->find_first_not_of("0123456789") != std::string::npos)
    return bad("meta_params must be the number of metadata entries, not '" + *count_text + "'");
  auto count = static_cast<std::size_t>(std::stoi(*count_text));
  if (count > max_entries)
    return bad("Too many metadata entries (" + *count_text + "; at most " +
               std::to_string(max_entries) + ")");
  for (std::size_t i = 1; i <= count; ++i) {
    auto n = std::to_string(i);
    auto name = params.get("meta_name" + n);
    if (!name) return bad("meta_params is " + *count_text + " but meta_name" + n + " is missing");
    auto key = normal_key(*name);
    if (!key)
      return bad("Invalid metadata name '" + *name + "' (meta_name" + n +
                 "): use 1-128 letters, digits, '-' or '_'");
    auto value = params.get("meta_value" + n).value_or("");
    if (!valid_value(value))
      return bad("Invalid metadata value (meta_value" + n +
                 "): at most 2048 bytes without control characters");
    put(meta, std::move(*key), std::move(value));
  }
  return checked(std::move(meta));
}

void add_metadata_headers(HttpResponse& response, const BlobMetadata& metadata) {
  for (auto& [key, value] : metadata)
    response.headers.emplace_back("X-Deltacloud-Blobmeta-" + key, value);
}

}  // namespace dc::api
