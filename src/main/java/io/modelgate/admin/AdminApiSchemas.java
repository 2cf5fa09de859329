package io.modelgate.admin;

import io.modelgate.policy.PolicyKind;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;

import java.util.Map;

/**
 * Gives the admin API's object writes the schema of their record. Their bodies are taken as JSON trees, so that
 * every problem can be reported at once (see {@code ObjectBodies}); the schema they must follow is the one the
 * same collection's reads return, which SmallRye OpenAPI derives from the record.
 */
public class AdminApiSchemas implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, PathItem> items = openAPI.getPaths() == null ? null : openAPI.getPaths().getPathItems();
        if (items == null) {
            return;
        }
        for (PolicyKind<?> kind : PolicyKind.ALL) {
            String path = AdminAccess.PATH + "/" + kind.collection();
            String schema = "#/components/schemas/" + kind.type().getSimpleName();
            body(items.get(path), schema);
            body(items.get(path + "/{key}"), schema);
        }
    }

    private static void body(PathItem item, String schema) {
        if (item == null) {
            return;
        }
        for (Operation operation : new Operation[] {item.getPOST(), item.getPUT()}) {
            if (operation != null && operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                MediaType json = operation.getRequestBody().getContent().getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
                if (json != null) {
                    json.setSchema(OASFactory.createSchema().ref(schema));
                }
            }
        }
    }
}
