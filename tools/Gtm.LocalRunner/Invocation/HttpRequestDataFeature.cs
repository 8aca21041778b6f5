using System.Collections.Specialized;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Gtm.LocalRunner.Invocation;

/// <summary>
/// <c>FunctionContext.GetHttpRequestDataAsync()</c> for a function the runner invokes with an ASP.NET
/// Core request, as the worker's ASP.NET Core integration answers it: the same request seen as
/// <see cref="HttpRequestData"/> (management links, for one, are built from it).
/// </summary>
internal sealed class HttpRequestDataFeature(HttpContext http) : IHttpRequestDataFeature
{
    public ValueTask<HttpRequestData?> GetHttpRequestDataAsync(FunctionContext context) => new(new RequestData(http.Request, context));

    private sealed class RequestData(HttpRequest request, FunctionContext context) : HttpRequestData(context)
    {
        public override Stream Body => request.Body;

        public override HttpHeadersCollection Headers { get; } = new(request.Headers.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value.Where(v => v is not null)!)));

        public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [.. request.Cookies.Select(c => new HttpCookie(c.Key, c.Value))];

        public override Uri Url { get; } = new(request.GetDisplayUrl());

        public override IEnumerable<ClaimsIdentity> Identities => request.HttpContext.User.Identities;

        public override string Method => request.Method;

        public override NameValueCollection Query
        {
            get
            {
                var query = new NameValueCollection();
                foreach ((string key, Microsoft.Extensions.Primitives.StringValues values) in request.Query)
                {
                    foreach (string? value in values)
                    {
                        query.Add(key, value);
                    }
                }

                return query;
            }
        }

        public override HttpResponseData CreateResponse() => new ResponseData(FunctionContext);
    }

    /// <summary>A response a function builds as <see cref="HttpResponseData"/>; the HTTP endpoint copies it to the real response.</summary>
    internal sealed class ResponseData(FunctionContext context) : HttpResponseData(context)
    {
        public override HttpStatusCode StatusCode { get; set; } = HttpStatusCode.OK;

        public override HttpHeadersCollection Headers { get; set; } = [];

        public override Stream Body { get; set; } = new MemoryStream();

        public override HttpCookies Cookies { get; } = new ResponseCookies();

        public List<IHttpCookie> CookiesSet => ((ResponseCookies)Cookies).Items;

        private sealed class ResponseCookies : HttpCookies
        {
            public List<IHttpCookie> Items { get; } = [];

            public override void Append(string name, string value) => Items.Add(new HttpCookie(name, value));

            public override void Append(IHttpCookie cookie) => Items.Add(cookie);

            public override IHttpCookie CreateNew() => new HttpCookie("", "");
        }
    }
}
