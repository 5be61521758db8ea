#pragma once
// The ec2 driver: Amazon EC2 (and EC2-compatible clouds) through the EC2 Query API, signed with
// SigV4 on the shared libcurl client. Clients log in with their access key id as the user and
// their secret access key as the password; a provider is a region (ec2_endpoints). Every answer
// is handed to the driver actor's executor, so the driver is only touched there.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/ec2/ec2_endpoints.hpp"
#include "drivers/ec2/ec2_query.hpp"
#include "engine/driver.hpp"
#include "engine/driver_options.hpp"

namespace dc::drivers::ec2 {

class Ec2Driver final : public engine::Driver {
 public:
  /// Throws engine::ConfigError for an option of the yaml it cannot use.
  explicit Ec2Driver(const engine::DriverSetup& setup);
  /// Reads every option as the constructor would (start-up check).
  static void check_options(const engine::DriverOptions& options);

  const engine::DriverInfo& info() const override;

  void authenticate(const engine::Credentials& who, engine::Callback<engine::Unit> done) override;

  void realms(const engine::Credentials& who,
              engine::Callback<std::vector<engine::Realm>> done) override;
  void realm(const engine::Credentials& who, const std::string& id,
             engine::Callback<engine::Realm> done) override;

  void images(const engine::Credentials& who,
              engine::Callback<std::vector<engine::Image>> done) override;
  void image(const engine::Credentials& who, const std::string& id,
             engine::Callback<engine::Image> done) override;
  void create_image(const engine::Credentials& who, const engine::ImageCreate& what,
                    engine::Callback<engine::Image> done) override;
  void destroy_image(const engine::Credentials& who, const std::string& id,
                     engine::Callback<engine::Unit> done) override;

  void instances(const engine::Credentials& who,
                 engine::Callback<std::vector<engine::Instance>> done) override;
  void instance_page(const engine::Credentials& who, const std::string& marker, std::size_t limit,
                     engine::Callback<engine::InstancePage> done) override;
  void instances_by_id(const engine::Credentials& who, const std::vector<std::string>& ids,
                       engine::Callback<std::vector<engine::Instance>> done) override;
  void instance(const engine::Credentials& who, const std::string& id,
                engine::Callback<engine::Instance> done) override;
  void create_instance(const engine::Credentials& who, const engine::InstanceCreate& what,
                       engine::Callback<engine::Instance> done) override;
  void instance_action(const engine::Credentials& who, const std::string& id,
                       engine::InstanceAction action,
                       engine::Callback<engine::Instance> done) override;
  void destroy_instance(const engine::Credentials& who, const std::string& id,
                        engine::Callback<engine::Unit> done) override;

  void firewalls(const engine::Credentials& who,
                 engine::Callback<std::vector<engine::Firewall>> done) override;
  void firewall(const engine::Credentials& who, const std::string& id,
                engine::Callback<engine::Firewall> done) override;
  void create_firewall(const engine::Credentials& who, const engine::FirewallCreate& what,
                       engine::Callback<engine::Firewall> done) override;
  void destroy_firewall(const engine::Credentials& who, const std::string& id,
                        engine::Callback<engine::Unit> done) override;
  void add_firewall_rule(const engine::Credentials& who, const std::string& firewall_id,
                         const engine::FirewallRuleCreate& rule,
                         engine::Callback<engine::Firewall> done) override;
  void remove_firewall_rule(const engine::Credentials& who, const std::string& firewall_id,
                            const std::string& rule_id,
                            engine::Callback<engine::Unit> done) override;

  void keys(const engine::Credentials& who,
            engine::Callback<std::vector<engine::Key>> done) override;
  void key(const engine::Credentials& who, const std::string& id,
           engine::Callback<engine::Key> done) override;
  void create_key(const engine::Credentials& who, const engine::KeyCreate& what,
                  engine::Callback<engine::Key> done) override;
  void destroy_key(const engine::Credentials& who, const std::string& id,
                   engine::Callback<engine::Unit> done) override;

 private:
  Ec2Driver(const engine::DriverSetup& setup, const engine::DriverOptions& options);

  using Document = Ec2Query::Document;
  using Answer = std::function<void(engine::Result<Document>)>;

  /// Calls `action` of the EC2 Query API as `who`; `done` runs in the driver actor.
  void ec2(const engine::Credentials& who, std::string_view action, Ec2Query::Params params,
           Answer done);
  /// Every page of DescribeInstances (`page_` instances a call), terminated ones left out.
  void all_instances(const engine::Credentials& who, std::string token,
                     std::vector<engine::Instance> so_far,
                     engine::Callback<std::vector<engine::Instance>> done);
  /// Remembers an instance this driver launched: EC2 may not show it for a moment.
  void launched(const std::string& id);
  /// True while EC2 may still not know an instance this driver launched.
  bool just_launched(const std::string& id) const;
  /// instances_by_id through a filter on instance-id, `filter_values` ids a call: EC2 answers
  /// an InstanceId list with an error when one of them is unknown; a filter only leaves it out.
  void instances_by_filter(const engine::Credentials& who, std::vector<std::string> ids,
                           std::size_t from, std::vector<engine::Instance> so_far,
                           engine::Callback<std::vector<engine::Instance>> done);
  void run_instance(const engine::Credentials& who, const engine::InstanceCreate& what,
                    engine::Callback<engine::Instance> done);

  static constexpr std::size_t filter_values = 200;  // EC2's limit of values per filter
  /// How long after RunInstances an unknown id is taken for EC2's eventual consistency.
  static constexpr std::chrono::seconds consistency_window{120};

  std::shared_ptr<engine::Executor> executor_;
  std::optional<Ec2Endpoints> endpoints_;
  std::optional<Ec2Query> query_;
  const engine::Clock& clock_;
  std::vector<std::string> image_owners_;
  std::size_t page_;  // instances per DescribeInstances of a full listing
  std::map<std::string, engine::WallTime> launched_;  // id → when RunInstances answered
  /// Alive while the driver is: answers for a driver that is gone are dropped.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace dc::drivers::ec2
