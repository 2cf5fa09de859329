package io.modelgate.admin;

import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyService;
import io.modelgate.policy.GatewayRole;
import io.modelgate.policy.PolicyKind;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/api/roles}: see {@link PolicyObjectResource}. */
@Path(AdminAccess.PATH + "/roles")
@Tag(name = "Gateway roles (built-in ones cannot be deleted)")
public class RolesResource extends PolicyObjectResource<GatewayRole> {

    RolesResource(PolicyService service, ObjectBodies bodies) {
        super(PolicyKind.ROLES, service, bodies);
    }
}
