package io.modelgate.admin;

import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyService;
import io.modelgate.policy.Permission;
import io.modelgate.policy.PolicyKind;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/api/permissions}: see {@link PolicyObjectResource}. */
@Path(AdminAccess.PATH + "/permissions")
@Tag(name = "Role permissions (LiteLLM's role_permissions)")
public class PermissionsResource extends PolicyObjectResource<Permission> {

    PermissionsResource(PolicyService service, ObjectBodies bodies) {
        super(PolicyKind.PERMISSIONS, service, bodies);
    }
}
