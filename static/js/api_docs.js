// The API's documentation page: Swagger UI (vendored by drf-spectacular-sidecar) reading the OpenAPI schema named
// in data-schema-url. Here rather than inline: the Content-Security-Policy allows scripts from our origin only.
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  if (!element || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: element.dataset.schemaUrl + "?format=json",
    domNode: element,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    supportedSubmitMethods: ["get"],
    defaultModelsExpandDepth: 0,
  });
})();
