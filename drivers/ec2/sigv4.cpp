#include "drivers/ec2/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "drivers/http/percent_encode.hpp"

namespace dc::drivers::ec2 {

namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 0xf];
  }
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size))
    throw std::runtime_error{"HMAC-SHA256 failed (OpenSSL)"};
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string lower(std::string_view text) {
  std::string out{text};
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// `%XX` decoded; a `%` not followed by two hex digits stays as it is. `+` stays `+`.
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct UrlParts {
  std::string_view authority, path, query;
};

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  auto scheme = url.find("://");
  auto rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('#'));
  auto path_at = rest.find_first_of("/?");
  parts.authority = rest.substr(0, path_at);
  if (path_at == std::string_view::npos) return parts;
  auto after = rest.substr(path_at);
  auto query_at = after.find('?');
  parts.path = after.substr(0, query_at);
  if (query_at != std::string_view::npos) parts.query = after.substr(query_at + 1);
  return parts;
}

std::vector<std::string> segments_of(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // after the leading '/'
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string canonical_uri(std::string_view path, bool s3) {
  if (path.empty() || path == "/") return "/";
  auto segments = segments_of(path);
  if (!s3) {
    // Every service but S3 signs the normalised path: no `.`, `..` or empty segments.
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      auto& s = segments[i];
      bool last = i + 1 == segments.size();
      if (s == "." || (s.empty() && !last)) continue;
      if (s == "..") {
        if (!kept.empty()) kept.pop_back();
        continue;
      }
      kept.push_back(s);
    }
    segments = std::move(kept);
  }
  std::string out;
  for (auto& s : segments) {
    auto once = http::percent_encode(percent_decoded(s));
    out += "/" + (s3 ? once : http::percent_encode(once));
  }
  return out.empty() ? "/" : out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    auto end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    auto item = query.substr(start, end - start);
    if (!item.empty()) {
      auto eq = item.find('=');
      auto key = item.substr(0, eq);
      auto value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
      pairs.emplace_back(http::percent_encode(percent_decoded(key)),
                         http::percent_encode(percent_decoded(value)));
    }
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (auto& [key, value] : pairs) out += (out.empty() ? "" : "&") + key + "=" + value;
  return out;
}

/// Header names lower-cased with their values trimmed, inner runs of spaces made one, and
/// repeated names joined with commas; sorted by name. Empty values are not sent: not signed.
std::map<std::string, std::string> canonical_headers(const http::HeaderList& headers) {
  std::map<std::string, std::string> out;
  for (auto& [name, value] : headers) {
    std::string tidy;
    for (char c : value) {
      bool space = c == ' ' || c == '\t';
      if (space && (tidy.empty() || tidy.back() == ' ')) continue;
      tidy += space ? ' ' : c;
    }
    while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
    if (tidy.empty()) continue;
    auto& slot = out[lower(name)];
    slot += (slot.empty() ? "" : ",") + tidy;
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error{"SHA-256 failed (OpenSSL)"};
  return hex(digest, size);
}

std::string amz_date(engine::WallTime time) {
  auto seconds = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

std::string signed_header_names(const http::HeaderList& headers) {
  std::string out;
  for (auto& [name, value] : canonical_headers(headers)) out += (out.empty() ? "" : ";") + name;
  return out;
}

std::string canonical_request(std::string_view method, std::string_view url,
                              const http::HeaderList& headers, std::string_view payload_hash,
                              bool s3) {
  auto parts = split_url(url);
  std::string out{method};
  out += "\n" + canonical_uri(parts.path, s3) + "\n" + canonical_query(parts.query) + "\n";
  for (auto& [name, value] : canonical_headers(headers)) out += name + ":" + value + "\n";
  out += "\n" + signed_header_names(headers) + "\n";
  out += payload_hash;
  return out;
}

std::string string_to_sign(std::string_view amz_time, const SigningScope& scope,
                           std::string_view canonical) {
  auto date = amz_time.substr(0, 8);
  return "AWS4-HMAC-SHA256\n" + std::string{amz_time} + "\n" + std::string{date} + "/" +
         scope.region + "/" + scope.service + "/aws4_request\n" + sha256_hex(canonical);
}

std::string signature(const AwsCredentials& credentials, std::string_view amz_time,
                      const SigningScope& scope, std::string_view to_sign) {
  auto key = hmac_sha256("AWS4" + credentials.secret_access_key, amz_time.substr(0, 8));
  key = hmac_sha256(key, scope.region);
  key = hmac_sha256(key, scope.service);
  key = hmac_sha256(key, "aws4_request");
  auto mac = hmac_sha256(key, to_sign);
  return hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

void sign(http::Request& request, const AwsCredentials& credentials, const SigningScope& scope,
          engine::WallTime now, std::string_view payload_hash) {
  bool s3 = scope.service == "s3";
  std::string payload{payload_hash};
  if (payload.empty())
    payload = request.body_file.empty() ? sha256_hex(request.body) : std::string{unsigned_payload};
  // What this function sets replaces whatever the caller set.
  std::erase_if(request.headers, [](const auto& header) {
    auto name = lower(header.first);
    return name == "host" || name == "x-amz-date" || name == "authorization" ||
           name == "x-amz-content-sha256";
  });
  auto time = amz_date(now);
  request.headers.emplace_back("Host", std::string{split_url(request.url).authority});
  request.headers.emplace_back("X-Amz-Date", time);
  if (s3) request.headers.emplace_back("X-Amz-Content-Sha256", payload);
  auto canonical = canonical_request(request.method, request.url, request.headers, payload, s3);
  auto signed_by = signature(credentials, time, scope, string_to_sign(time, scope, canonical));
  auto names = signed_header_names(request.headers);
  request.headers.emplace_back(
      "Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" +
                           time.substr(0, 8) + "/" + scope.region + "/" + scope.service +
                           "/aws4_request, SignedHeaders=" + names + ", Signature=" + signed_by);
}

}  // namespace dc::drivers::ec2
