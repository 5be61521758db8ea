// The XML and JSON writers with hostile text: model objects whose every string is fuzzer
// bytes (a provider's names, a client's descriptions, a blob's metadata), rendered with the
// API's real representation functions, must come out as documents a client can read: pugixml
// and simdjson parse them back, the XML is well-formed UTF-8 without the C0 controls XML 1.0
// forbids, and a JSON string that needed no repair reads back as it was. Input: one byte
// picking the kind of object, then its strings, each one length byte and that many bytes.

#include <simdjson.h>
#include <pugixml.hpp>

#include "api/representation.hpp"
#include "api/request_context.hpp"
#include "engine/driver_registry.hpp"
#include "engine/utf8.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

using namespace dc::api;
using namespace dc::engine;

struct Strings {
  dc::fuzz::Input& in;
  std::string next() {
    std::string s;
    for (auto n = in.byte() % 48; n > 0 && !in.empty(); --n) s += static_cast<char>(in.byte());
    return s;
  }
  std::optional<std::string> maybe() {
    return in.byte() % 2 ? std::optional{next()} : std::nullopt;
  }
  std::vector<std::string> list() {
    std::vector<std::string> v(in.byte() % 3);
    for (auto& s : v) s = next();
    return v;
  }
  std::vector<Address> addresses() {
    std::vector<Address> v(in.byte() % 3);
    for (auto& a : v) {
      a.address = next();
      a.type = next();
      if (in.byte() % 2) a.port = in.byte();
    }
    return v;
  }
};

/// Text a writer may pass through unchanged: UTF-8 of XML 1.0 characters only (no C0 controls
/// but TAB, LF, CR; no U+FFFE or U+FFFF), which pugixml does not check by itself.
bool clean(const std::string& text) {
  return is_document_text(text);
}

template <class T>
void render(const RenderContext& rc, const T& object) {
  XmlWriter xml{true};
  write_xml(xml, rc, object);
  auto doc = xml.finish();
  if (!clean(doc)) dc::fuzz::broken("XML that is not UTF-8 or holds a C0 control", doc);
  pugi::xml_document parsed;
  auto result =
      parsed.load_buffer(doc.data(), doc.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) dc::fuzz::broken(result.description(), doc);

  JsonWriter json;
  write_json(json, rc, object);
  auto text = json.finish();
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(text).get(root))
    dc::fuzz::broken(simdjson::error_message(error), text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const DriverInfo& driver = DriverRegistry::global().find("mock")->info();
  dc::fuzz::Input in{data, size};
  Strings s{in};
  auto kind = in.byte() % 17;
  RequestContext request;
  request.base_url = "http://" + s.next();
  RenderContext rc{request, driver};
  switch (kind) {
    case 0: {
      Realm r{s.next(), s.next(), s.next(), s.next()};
      render(rc, r);
      // A name that needed no repair reads back exactly from JSON.
      JsonWriter json;
      write_json(json, rc, r);
      auto text = json.finish();
      simdjson::dom::parser parser;
      std::string_view name;
      if (clean(r.name) && (parser.parse(text)["name"].get(name) || name != r.name))
        dc::fuzz::broken("a clean name changed in JSON", text);
      break;
    }
    case 1: {
      HardwareProfile p{s.next(), s.next(), {}};
      for (auto n = in.byte() % 3; n > 0; --n) {
        HardwareProperty prop;
        prop.name = s.next();
        prop.kind = static_cast<PropertyKind>(in.byte() % 3);
        prop.value = s.next();
        prop.first = s.next();
        prop.last = s.next();
        prop.values = s.list();
        p.properties.push_back(std::move(prop));
      }
      render(rc, p);
      break;
    }
    case 2: {
      Image i{s.next(), s.next(), s.next(), s.next(), s.next(),
              s.next(), s.next(), s.next(), s.list()};
      render(rc, i);
      break;
    }
    case 3: {
      Instance i;
      i.id = s.next();
      i.name = s.maybe();
      i.owner_id = s.next();
      i.image_id = s.next();
      i.realm_id = s.next();
      i.state = static_cast<InstanceState>(in.byte() % 8);
      i.provider_state = s.next();
      i.hardware_profile_id = s.next();
      for (auto n = in.byte() % 3; n > 0; --n) i.profile_overrides.emplace_back(s.next(), s.next());
      i.public_addresses = s.addresses();
      i.private_addresses = s.addresses();
      i.create_image = in.byte() % 2;
      for (auto n = in.byte() % 3; n > 0; --n) i.storage_volumes.push_back({s.next(), s.next()});
      if (in.byte() % 2) i.network_interfaces = s.list();
      i.keyname = s.maybe();
      i.launch_time = s.maybe();
      if (in.byte() % 2) i.firewalls = s.list();
      render(rc, i);
      break;
    }
    case 4: {
      Key k{s.next(), s.next(), s.next(), s.next(), s.next(), s.maybe(), s.maybe(), s.next()};
      render(rc, k);
      break;
    }
    case 5: {
      StorageVolume v{s.next(), s.maybe(), s.next(), s.next(), s.next(),
                      s.next(), s.next(),  s.next(), s.next(), s.next()};
      render(rc, v);
      break;
    }
    case 6:
      render(rc, AllocatedAddress{s.next(), s.next(), s.next()});
      break;
    case 7: {
      Metric m{s.next(), s.next(), {}};
      for (auto n = in.byte() % 3; n > 0; --n) {
        MetricProperty p{s.next(), {}};
        for (auto k = in.byte() % 3; k > 0; --k)
          p.samples.push_back({s.next(), s.next(), s.next(), s.next(), s.next()});
        m.properties.push_back(std::move(p));
      }
      render(rc, m);
      break;
    }
    case 8: {
      Firewall f{s.next(), s.next(), s.next(), s.next(), {}};
      for (auto n = in.byte() % 3; n > 0; --n) {
        FirewallRule r{s.next(), s.next(), s.next(), s.next(), s.next(), s.next(), {}};
        for (auto k = in.byte() % 3; k > 0; --k)
          r.sources.push_back({s.next(), s.next(), s.next(), s.next(), s.next(), s.next()});
        f.rules.push_back(std::move(r));
      }
      render(rc, f);
      break;
    }
    case 9: {
      LoadBalancer lb{s.next(), s.next(), s.next(), s.list(), {}, s.list()};
      for (auto n = in.byte() % 3; n > 0; --n)
        lb.listeners.push_back({s.next(), s.next(), s.next()});
      render(rc, lb);
      break;
    }
    case 10:
      render(rc, Network{s.next(), s.next(), s.next(), s.list(), s.list()});
      break;
    case 11:
      render(rc, Subnet{s.next(), s.next(), s.next(), s.next(), s.next(), s.next()});
      break;
    case 12:
      render(rc, NetworkInterface{s.next(), s.next(), s.next(), s.next(), s.next(), s.next()});
      break;
    case 13:
      render(rc, StorageSnapshot{s.next(), s.next(), s.next(), s.next(), s.next(), s.next()});
      break;
    case 14:
      render(rc, Bucket{s.next(), s.next(), s.list()});
      break;
    case 15: {
      Blob b{s.next(), s.next(), in.byte(), s.next(), s.next(), {}, s.maybe()};
      for (auto n = in.byte() % 3; n > 0; --n) b.user_metadata.emplace_back(s.next(), s.next());
      render(rc, b);
      break;
    }
    default: {
      Error e{static_cast<ErrorKind>(in.byte() % 8), s.next(), s.next(), {}};
      auto xml = error_xml(request, e);
      pugi::xml_document parsed;
      if (!clean(xml) || !parsed.load_buffer(xml.data(), xml.size()))
        dc::fuzz::broken("an unreadable XML error", xml);
      auto json = error_json(e);
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      if (parser.parse(json).get(root)) dc::fuzz::broken("an unreadable JSON error", json);
      break;
    }
  }
  return 0;
}
