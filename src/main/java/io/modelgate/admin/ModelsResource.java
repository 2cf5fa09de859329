package io.modelgate.admin;

import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyService;
import io.modelgate.policy.Model;
import io.modelgate.policy.PolicyKind;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/api/models}: see {@link PolicyObjectResource}. */
@Path(AdminAccess.PATH + "/models")
@Tag(name = "Models (LiteLLM's model_list, one object per model_name)")
public class ModelsResource extends PolicyObjectResource<Model> {

    ModelsResource(PolicyService service, ObjectBodies bodies) {
        super(PolicyKind.MODELS, service, bodies);
    }
}
