package dev.reprotect.api.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.reprotect.api.problem.ApiProblem;
import dev.reprotect.api.problem.ProblemViolation;
import dev.reprotect.reprotect.ReprotectRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A plan's body: {@code { "machines": [ {VM body}, ... ], "placement"?: "auto" }}. Unknown fields
 * are a 400. {@code "placement": "auto"} fills the values a machine leaves out as the placement
 * endpoint proposes them; any other value of {@code placement} is a 400.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record PlanBody(
    @Nullable List<@Valid PlanMachineBody> machines, @Nullable @Size(max = 32) String placement) {

  public static final String AUTO = "auto";

  /**
   * The machines' workflow requests, each with {@code plan} set; a 400 for no machines, more than
   * {@code maxMachines}, a repeated replicated item, or a placement other than "auto".
   */
  public List<ReprotectRequest> toRequests(String plan, int maxMachines) {
    List<ProblemViolation> bad = new ArrayList<>();
    if (placement != null && !AUTO.equals(placement)) {
      bad.add(
          ProblemViolation.field(
              "placement", "must be \"auto\" (fill missing values) or left out"));
    }
    if (machines == null || machines.isEmpty()) {
      bad.add(ProblemViolation.field("machines", "must list at least one machine"));
    } else {
      if (machines.size() > maxMachines) {
        bad.add(
            ProblemViolation.field(
                "machines",
                "a plan holds at most "
                    + maxMachines
                    + " machines; "
                    + machines.size()
                    + " given"));
      }
      if (machines.stream().anyMatch(m -> m == null)) {
        bad.add(ProblemViolation.field("machines", "must not contain null"));
      } else {
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (PlanMachineBody machine : machines) {
          if (machine.replicatedItem() != null && !seen.add(machine.replicatedItem())) {
            repeated.add(machine.replicatedItem());
          }
        }
        if (!repeated.isEmpty()) {
          bad.add(
              ProblemViolation.field(
                  "machines",
                  "each replicated item may appear once; repeated: "
                      + String.join(", ", repeated)));
        }
      }
    }
    if (!bad.isEmpty()) {
      throw ApiProblem.badRequest(bad);
    }
    return machines.stream().map(m -> m.toRequest(plan)).toList();
  }

  /** Whether the missing values are to be filled by placement. */
  public boolean autoPlacement() {
    return AUTO.equals(placement);
  }
}
