package io.modelgate.admin;

import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyService;
import io.modelgate.policy.Limit;
import io.modelgate.policy.PolicyKind;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/api/limits}: see {@link PolicyObjectResource}. */
@Path(AdminAccess.PATH + "/limits")
@Tag(name = "Limits (rate limits, parallel requests and budgets, for a role or a subject)")
public class LimitsResource extends PolicyObjectResource<Limit> {

    LimitsResource(PolicyService service, ObjectBodies bodies) {
        super(PolicyKind.LIMITS, service, bodies);
    }
}
