package io.modelgate.admin;

import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyService;
import io.modelgate.policy.RoleMapping;
import io.modelgate.policy.PolicyKind;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/api/role-mappings}: see {@link PolicyObjectResource}. */
@Path(AdminAccess.PATH + "/role-mappings")
@Tag(name = "Role mappings (IdP role value to gateway roles)")
public class RoleMappingsResource extends PolicyObjectResource<RoleMapping> {

    RoleMappingsResource(PolicyService service, ObjectBodies bodies) {
        super(PolicyKind.ROLE_MAPPINGS, service, bodies);
    }
}
