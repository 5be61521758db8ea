#pragma once
// The EC2 Query API of one region: each call is an `Action` with its parameters, form-encoded
// in a POST, signed with SigV4 and sent on the shared libcurl client. A 2xx answer's XML comes
// back parsed; anything else as the engine's error, EC2's code and message kept (ec2_errors).

#include <pugixml.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drivers/ec2/sigv4.hpp"
#include "engine/clock.hpp"
#include "engine/error.hpp"
#include "engine/result.hpp"

namespace dc::drivers::ec2 {

class Ec2Query {
 public:
  struct Options {
    std::string endpoint;  // `https://ec2.us-east-1.amazonaws.com`, or an emulator's URL
    std::string region;    // the region the signature is scoped to
    std::string version = "2016-11-15";
    std::chrono::milliseconds timeout{30000};
  };
  using Params = std::vector<std::pair<std::string, std::string>>;
  using Document = std::shared_ptr<const pugi::xml_document>;
  using Answer = std::function<void(engine::Result<Document>)>;

  Ec2Query(Options options, const engine::Clock& clock);

  /// Calls `action` with `params` (`InstanceId.1`, `Filter.1.Name`, ... as EC2 names them).
  /// `done` runs once, on the HTTP client's thread.
  void call(const AwsCredentials& who, std::string_view action, const Params& params,
            Answer done) const;

  /// The form body of a call (exposed for tests): `Action=...&Version=...&name=value...`, each
  /// name and value form-encoded (a space as `+`).
  std::string form(std::string_view action, const Params& params) const;

 private:
  Options options_;
  const engine::Clock& clock_;
};

}  // namespace dc::drivers::ec2
