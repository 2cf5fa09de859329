package io.modelgate.admin;

import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyService;
import io.modelgate.policy.Credential;
import io.modelgate.policy.PolicyKind;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/api/credentials}: see {@link PolicyObjectResource}. */
@Path(AdminAccess.PATH + "/credentials")
@Tag(name = "Upstream credentials (LiteLLM's credential_list; secrets write-only)")
public class CredentialsResource extends PolicyObjectResource<Credential> {

    CredentialsResource(PolicyService service, ObjectBodies bodies) {
        super(PolicyKind.CREDENTIALS, service, bodies);
    }
}
