using Gtm.Functions.Product;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions app's entry point, run by the Azure Functions host (or, locally, by tools/Gtm.LocalRunner).
FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddGtmProduct(builder.Configuration);
builder.Services.AddWorkerTelemetry(builder.Configuration);
builder.Build().Run();
